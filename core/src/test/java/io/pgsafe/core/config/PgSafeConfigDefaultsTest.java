package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PgSafeConfigDefaultsTest {
    private final PgSafeConfig defaults = PgSafeConfig.defaults();

    @Test
    void modeDefaultsToEnforce() {
        assertThat(defaults.mode()).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void rewriteDefaultsToTrue() {
        assertThat(defaults.rewrite()).isTrue();
    }

    @Test
    void lockTimeoutDefaultsToTwoSeconds() {
        assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void statementTimeoutDefaultsToFiveSeconds() {
        assertThat(defaults.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void concurrentLockTimeoutDefaultsToTenMinutes() {
        assertThat(defaults.concurrentLockTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void lockTimeoutRetriesDefaultsToThree() {
        assertThat(defaults.lockTimeoutRetries()).isEqualTo(3);
    }

    @Test
    void retryBackoffDefaultsToFiveHundredMilliseconds() {
        assertThat(defaults.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void smallTableRowsIsUnsetSoTheExemptionIsOff() {
        assertThat(defaults.smallTableRows()).isEmpty();
    }

    @Test
    void smallTableBytesIsUnsetSoTheExemptionIsOff() {
        assertThat(defaults.smallTableBytes()).isEmpty();
    }

    @Test
    void maxLockHoldDefaultsToOneHundredMilliseconds() {
        assertThat(defaults.maxLockHold()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void monitorDefaultsToTrue() {
        assertThat(defaults.monitor()).isTrue();
    }

    @Test
    void monitorIntervalDefaultsToTenMilliseconds() {
        assertThat(defaults.monitorInterval()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void pgVersionIsUnset() {
        assertThat(defaults.pgVersion()).isEmpty();
    }

    @Test
    void configFileIsUnset() {
        assertThat(defaults.configFile()).isEmpty();
    }

    @Test
    void noRuleIsOverridden() {
        assertThat(defaults.ruleActions()).isEmpty();
        assertThat(defaults.ruleAction("drop-table")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = PgSafeSetting.class, names = "RULES", mode = EnumSource.Mode.EXCLUDE)
    void everySettingComesFromTheDefault(PgSafeSetting setting) {
        assertThat(defaults.origin(setting)).isEqualTo("default");
    }

    @Test
    void layeringNoSourcesGivesTheDefaults() {
        PgSafeConfig layered = PgSafeConfig.layered(List.of(), Set.of());

        assertThat(layered.describe()).isEqualTo(defaults.describe());
        assertThat(layered.lockTimeout()).isEqualTo(defaults.lockTimeout());
    }
}
