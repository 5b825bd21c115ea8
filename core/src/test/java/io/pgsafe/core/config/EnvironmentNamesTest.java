package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.layered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentNamesTest {

    @Test
    void dashBecomesUnderscore() {
        assertThat(EnvironmentNames.envName("pgsafe.lock-timeout")).isEqualTo("PGSAFE_LOCK_TIMEOUT");
    }

    @Test
    void dotBecomesUnderscore() {
        assertThat(EnvironmentNames.envName("pgsafe.monitor.interval")).isEqualTo("PGSAFE_MONITOR_INTERVAL");
    }

    @Test
    void settingNameMapsBackToItsKey() {
        assertThat(EnvironmentNames.toKey("PGSAFE_LOCK_TIMEOUT")).hasValue("pgsafe.lock-timeout");
    }

    @Test
    void underscoreForADotMapsBackToTheDot() {
        assertThat(EnvironmentNames.toKey("PGSAFE_MONITOR_INTERVAL")).hasValue("pgsafe.monitor.interval");
    }

    @Test
    void ruleNameMapsToTheRuleKeyWithDashes() {
        assertThat(EnvironmentNames.toKey("PGSAFE_RULES_CREATE_INDEX_NOT_CONCURRENTLY"))
                .hasValue("pgsafe.rules.create-index-not-concurrently");
    }

    @Test
    void ruleKeyMapsToItsName() {
        assertThat(EnvironmentNames.envName("pgsafe.rules.create-index-not-concurrently"))
                .isEqualTo("PGSAFE_RULES_CREATE_INDEX_NOT_CONCURRENTLY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PGSAFE_TEST_JDBC_URL", "PGSAFE_RULES_", "PGSAFE_", "PATH", "pgsafe_mode", "PGSAFE_MONITOR_INTERVAL_MS"})
    void otherNamesAreNoSettings(String envName) {
        assertThat(EnvironmentNames.toKey(envName)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = PgSafeSetting.class, names = "RULES", mode = EnumSource.Mode.EXCLUDE)
    void everySettingRoundTrips(PgSafeSetting setting) {
        assertThat(EnvironmentNames.toKey(setting.envName())).hasValue(setting.key());
    }

    @Test
    void noTwoSettingsShareAName() {
        assertThat(Arrays.stream(PgSafeSetting.values()).map(PgSafeSetting::envName)).doesNotHaveDuplicates();
    }

    @Test
    void noSettingNameCouldBeMistakenForARuleName() {
        assertThat(Arrays.stream(PgSafeSetting.values()).filter(s -> !s.isFamily()).map(PgSafeSetting::envName))
                .noneMatch(name -> name.startsWith(EnvironmentNames.RULES_PREFIX));
    }

    @Test
    void environmentSourceHoldsOnlyTranslatedSettings() {
        ConfigSource source = ConfigSource.fromEnvironment(Map.of(
                "PGSAFE_MONITOR_INTERVAL", "20ms", "PGSAFE_RULES_DROP_TABLE", "warn", "HOME", "/root"));

        assertThat(source.name()).isEqualTo("environment");
        assertThat(source.values()).containsOnly(
                Map.entry("pgsafe.monitor.interval", "20ms"), Map.entry("pgsafe.rules.drop-table", "warn"));
    }

    @Test
    void environmentValuesApplyWithTheirOrigin() {
        PgSafeConfig config = layered(ConfigSource.fromEnvironment(Map.of("PGSAFE_MONITOR_INTERVAL", "20ms")));

        assertThat(config.monitorInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.origin("pgsafe.monitor.interval")).hasValue("environment");
    }

    @Test
    void projectsOwnTestAndDemoVariablesAreIgnored() {
        ConfigSource source = ConfigSource.fromEnvironment(Map.of(
                "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db/test",
                "PGSAFE_TEST_USER", "test",
                "PGSAFE_TEST_PASSWORD", "s3cret",
                "PGSAFE_DEMO_URL", "jdbc:postgresql://db/demo"));

        assertThat(source.values()).isEmpty();
    }

    @Test
    void nearMissOfASettingNameFailsWithoutEchoingTheValue() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class,
                () -> ConfigSource.fromEnvironment(Map.of("PGSAFE_LOCK_TIMOUT", "s3cret")));

        assertThat(failure).hasMessage(
                "PGSAFE_LOCK_TIMOUT (from environment) is not a pgsafe setting: did you mean PGSAFE_LOCK_TIMEOUT?");
        assertThat(failure.key()).isEqualTo("PGSAFE_LOCK_TIMOUT");
    }

    @Test
    void badValueFromTheEnvironmentNamesTheKeyAndTheEnvironment() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class,
                () -> layered(ConfigSource.fromEnvironment(Map.of("PGSAFE_MODE", "loud"))));

        assertThat(failure).hasMessage("pgsafe.mode=loud (from environment) is not a mode: use enforce, warn or off");
    }

    @Test
    void unknownRuleFromTheEnvironmentFailsWhenTheConfigIsBuilt() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class,
                () -> layered(ConfigSource.fromEnvironment(Map.of("PGSAFE_RULES_DROP_TABLES", "off"))));

        assertThat(failure).hasMessageStartingWith("pgsafe.rules.drop-tables=off (from environment) is not a known rule: "
                + "did you mean pgsafe.rules.drop-table?");
    }
}
