package io.pgsafe.sample;
class LockQueueScene { static int runStandalone() { return 0; } }
