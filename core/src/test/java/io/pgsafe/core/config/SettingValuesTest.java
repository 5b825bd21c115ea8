package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.fromUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each typed getter reads its own key, and each value type parses what its documentation promises. */
class SettingValuesTest {

    @ParameterizedTest
    @CsvSource({"enforce, ENFORCE", "warn, WARN", "off, OFF"})
    void modeReadsPgsafeMode(String text, Mode mode) {
        assertThat(fromUrl("pgsafe.mode", text).mode()).isEqualTo(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WARN", "Warn", " warn "})
    void modeIgnoresCaseAndSurroundingWhitespace(String text) {
        assertThat(fromUrl("pgsafe.mode", text).mode()).isEqualTo(Mode.WARN);
    }

    @Test
    void rewriteReadsPgsafeRewrite() {
        assertThat(fromUrl("pgsafe.rewrite", "false").rewrite()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "on", "yes", "1"})
    void booleanAcceptsPostgresSpellingsOfTrue(String text) {
        assertThat(fromUrl("pgsafe.monitor", text).monitor()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "off", "no", "0"})
    void booleanAcceptsPostgresSpellingsOfFalse(String text) {
        assertThat(fromUrl("pgsafe.monitor", text).monitor()).isFalse();
    }

    @Test
    void lockTimeoutReadsPgsafeLockTimeout() {
        assertThat(fromUrl("pgsafe.lock-timeout", "3s").lockTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void statementTimeoutReadsPgsafeStatementTimeout() {
        assertThat(fromUrl("pgsafe.statement-timeout", "1min").statementTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void concurrentLockTimeoutReadsPgsafeConcurrentLockTimeout() {
        assertThat(fromUrl("pgsafe.concurrent-lock-timeout", "1h").concurrentLockTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void zeroDisablesATimeout() {
        assertThat(fromUrl("pgsafe.statement-timeout", "0").statementTimeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void lockTimeoutRetriesReadsPgsafeLockTimeoutRetries() {
        assertThat(fromUrl("pgsafe.lock-timeout-retries", "5").lockTimeoutRetries()).isEqualTo(5);
    }

    @Test
    void lockTimeoutRetriesAcceptsZero() {
        assertThat(fromUrl("pgsafe.lock-timeout-retries", "0").lockTimeoutRetries()).isZero();
    }

    @Test
    void retryBackoffReadsPgsafeRetryBackoff() {
        assertThat(fromUrl("pgsafe.retry-backoff", "1.5s").retryBackoff()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void smallTableRowsReadsPgsafeSmallTableRows() {
        assertThat(fromUrl("pgsafe.small-table-rows", "10000").smallTableRows()).hasValue(10_000);
    }

    @Test
    void smallTableRowsAcceptsMoreThanAnInt() {
        assertThat(fromUrl("pgsafe.small-table-rows", "5000000000").smallTableRows()).hasValue(5_000_000_000L);
    }

    @Test
    void smallTableBytesReadsPgsafeSmallTableBytesInBytes() {
        assertThat(fromUrl("pgsafe.small-table-bytes", "10MB").smallTableBytes()).hasValue(10L << 20);
    }

    @Test
    void smallTableBytesAcceptsPlainBytes() {
        assertThat(fromUrl("pgsafe.small-table-bytes", "65536").smallTableBytes()).hasValue(65_536);
    }

    @Test
    void maxLockHoldReadsPgsafeMaxLockHold() {
        assertThat(fromUrl("pgsafe.max-lock-hold", "250ms").maxLockHold()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void monitorReadsPgsafeMonitor() {
        assertThat(fromUrl("pgsafe.monitor", "false").monitor()).isFalse();
    }

    @Test
    void monitorIntervalReadsPgsafeMonitorInterval() {
        assertThat(fromUrl("pgsafe.monitor.interval", "50").monitorInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @ParameterizedTest
    @CsvSource({"15, 150000", "14.2, 140002", "120000, 120000"})
    void pgVersionReadsPgsafePgVersion(String text, int versionNum) {
        assertThat(fromUrl("pgsafe.pg-version", text).pgVersion()).hasValue(new PgVersion(versionNum));
    }

    @Test
    void configFileReadsPgsafeConfig() {
        assertThat(fromUrl("pgsafe.config", " /etc/app/pgsafe.properties ").configFile())
                .hasValue("/etc/app/pgsafe.properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgsafe.small-table-rows", "pgsafe.small-table-bytes", "pgsafe.pg-version", "pgsafe.config"})
    void emptyValueLeavesAnOptionalSettingUnset(String key) {
        PgSafeConfig config = fromUrl(key, " ");

        assertThat(config.smallTableRows()).isEmpty();
        assertThat(config.smallTableBytes()).isEmpty();
        assertThat(config.pgVersion()).isEmpty();
        assertThat(config.configFile()).isEmpty();
    }
}
