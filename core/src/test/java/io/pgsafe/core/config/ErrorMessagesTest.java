package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.failureFromUrl;
import static io.pgsafe.core.config.Configs.layered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error names the key, the bad value, the source and what to write instead. */
class ErrorMessagesTest {

    @Test
    void notADuration() {
        assertThat(failureFromUrl("pgsafe.lock-timeout", "abc")).hasMessage(
                "pgsafe.lock-timeout=abc (from URL parameters) is not a duration: use a number with ms, s, min, h or d, e.g. 2s");
    }

    @Test
    void negativeDuration() {
        assertThat(failureFromUrl("pgsafe.retry-backoff", "-1s")).hasMessage(
                "pgsafe.retry-backoff=-1s (from URL parameters) is negative: use a number with ms, s, min, h or d, e.g. 2s");
    }

    @Test
    void durationFinerThanAMillisecond() {
        assertThat(failureFromUrl("pgsafe.monitor.interval", "0.5ms")).hasMessage(
                "pgsafe.monitor.interval=0.5ms (from URL parameters) is not a whole number of milliseconds: "
                        + "use a number with ms, s, min, h or d, e.g. 2s");
    }

    @Test
    void durationLongerThanPostgresAccepts() {
        assertThat(failureFromUrl("pgsafe.concurrent-lock-timeout", "30d")).hasMessage(
                "pgsafe.concurrent-lock-timeout=30d (from URL parameters) is too large (PostgreSQL accepts at most "
                        + "2147483647ms, about 24.8 days): use a number with ms, s, min, h or d, e.g. 2s");
    }

    @Test
    void notAMode() {
        assertThat(failureFromUrl("pgsafe.mode", "strict")).hasMessage(
                "pgsafe.mode=strict (from URL parameters) is not a mode: use enforce, warn or off");
    }

    @Test
    void notABoolean() {
        assertThat(failureFromUrl("pgsafe.rewrite", "maybe")).hasMessage(
                "pgsafe.rewrite=maybe (from URL parameters) is not a boolean: use true or false");
    }

    @Test
    void notAWholeNumber() {
        assertThat(failureFromUrl("pgsafe.lock-timeout-retries", "three")).hasMessage(
                "pgsafe.lock-timeout-retries=three (from URL parameters) is not a whole number: "
                        + "use a whole number, 0 or more, e.g. 3");
    }

    @Test
    void negativeCount() {
        assertThat(failureFromUrl("pgsafe.lock-timeout-retries", "-1")).hasMessage(
                "pgsafe.lock-timeout-retries=-1 (from URL parameters) is negative: use a whole number, 0 or more, e.g. 3");
    }

    @Test
    void countLargerThanAnInt() {
        assertThat(failureFromUrl("pgsafe.lock-timeout-retries", "3000000000")).hasMessage(
                "pgsafe.lock-timeout-retries=3000000000 (from URL parameters) is too large (at most 2147483647): "
                        + "use a whole number, 0 or more, e.g. 3");
    }

    @Test
    void rowCountThatIsNotANumber() {
        assertThat(failureFromUrl("pgsafe.small-table-rows", "10k")).hasMessage(
                "pgsafe.small-table-rows=10k (from URL parameters) is not a whole number: "
                        + "use a whole number, 0 or more, e.g. 10000");
    }

    @Test
    void notASize() {
        assertThat(failureFromUrl("pgsafe.small-table-bytes", "10mb")).hasMessage(
                "pgsafe.small-table-bytes=10mb (from URL parameters) is not a size: "
                        + "use a number of bytes, or a number with kB, MB, GB or TB, e.g. 10MB");
    }

    @Test
    void notAPostgresVersion() {
        assertThat(failureFromUrl("pgsafe.pg-version", "15beta1")).hasMessage(
                "pgsafe.pg-version=15beta1 (from URL parameters) is not a PostgreSQL version: "
                        + "use a major version, major.minor or server_version_num, e.g. 15, 14.2 or 120000");
    }

    @Test
    void emptyValueOfASettingWithADefault() {
        assertThat(failureFromUrl("pgsafe.mode", "")).hasMessage(
                "pgsafe.mode= (from URL parameters) is empty: use enforce, warn or off");
    }

    @Test
    void mistypedKeySuggestsTheNearestKey() {
        assertThat(failureFromUrl("pgsafe.lock-timout", "3s")).hasMessage(
                "pgsafe.lock-timout=3s (from URL parameters) is not a pgsafe setting: did you mean pgsafe.lock-timeout?");
    }

    @Test
    void keyInTheWrongCaseSuggestsTheRightCase() {
        assertThat(failureFromUrl("pgsafe.Monitor.Interval", "5ms")).hasMessage(
                "pgsafe.Monitor.Interval=5ms (from URL parameters) is not a pgsafe setting: "
                        + "did you mean pgsafe.monitor.interval?");
    }

    @Test
    void mistypedRulesPrefixSuggestsTheRuleKey() {
        assertThat(failureFromUrl("pgsafe.rule.drop-table", "off")).hasMessage(
                "pgsafe.rule.drop-table=off (from URL parameters) is not a pgsafe setting: "
                        + "did you mean pgsafe.rules.drop-table?");
    }

    @Test
    void unknownKeyFarFromEveryKeyListsTheSettings() {
        assertThat(failureFromUrl("pgsafe.foo", "1")).hasMessage(
                "pgsafe.foo=1 (from URL parameters) is not a pgsafe setting: the settings are pgsafe.mode, "
                        + "pgsafe.rewrite, pgsafe.lock-timeout, pgsafe.statement-timeout, pgsafe.concurrent-lock-timeout, "
                        + "pgsafe.lock-timeout-retries, pgsafe.retry-backoff, pgsafe.small-table-rows, "
                        + "pgsafe.small-table-bytes, pgsafe.max-lock-hold, pgsafe.monitor, pgsafe.monitor.interval, "
                        + "pgsafe.pg-version, pgsafe.config, pgsafe.rules.<rule-id>");
    }

    @Test
    void messageNamesTheSourceTheValueCameFrom() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class, () -> layered(
                new ConfigSource("file /etc/app/pgsafe.properties", Map.of("pgsafe.monitor", "sometimes"))));

        assertThat(failure).hasMessageStartingWith("pgsafe.monitor=sometimes (from file /etc/app/pgsafe.properties) ");
    }

    @Test
    void exceptionCarriesTheKeyAndTheSourceName() {
        PgSafeConfigException failure = failureFromUrl("pgsafe.lock-timeout", "abc");

        assertThat(failure.key()).isEqualTo("pgsafe.lock-timeout");
        assertThat(failure.sourceName()).isEqualTo("URL parameters");
    }

    @Test
    void exceptionIsUnchecked() {
        assertThat(RuntimeException.class).isAssignableFrom(PgSafeConfigException.class);
    }

    @Test
    void keysThatAreNotPgsafesAreIgnoredWhateverTheirValue() {
        assertThatCode(() -> layered(new ConfigSource("system properties", Map.of(
                "spring.datasource.password", "s3cret", "pgsafe", "x", "pgsafefoo", "x", "PGSAFE.mode", "x"))))
                .doesNotThrowAnyException();
    }
}
