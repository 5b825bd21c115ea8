package io.pgsafe.sample;
class Demo { int run() { return 0; } }
