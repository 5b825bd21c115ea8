package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.layered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DescribeTest {

    @Test
    void defaultsSayAllDefaults() {
        assertThat(PgSafeConfig.defaults().describe()).isEqualTo("pgsafe configuration: all defaults");
    }

    @Test
    void listsEachChangedValueWithItsOriginSettingsFirstThenRules() {
        PgSafeConfig config = layered(
                ConfigSource.fromEnvironment(Map.of("PGSAFE_MODE", "warn")),
                new ConfigSource("URL parameters", Map.of(
                        "pgsafe.rules.truncate", "off", "pgsafe.lock-timeout", "1.5s", "pgsafe.small-table-bytes", "8192")));

        assertThat(config.describe()).isEqualTo("pgsafe configuration: "
                + "pgsafe.mode=warn (from environment), "
                + "pgsafe.lock-timeout=1500ms (from URL parameters), "
                + "pgsafe.small-table-bytes=8kB (from URL parameters), "
                + "pgsafe.rules.truncate=off (from URL parameters); everything else default");
    }

    @Test
    void valueSetToItsDefaultIsNotListed() {
        PgSafeConfig config = layered(new ConfigSource("system properties", Map.of("pgsafe.lock-timeout", "2000ms")));

        assertThat(config.describe()).isEqualTo("pgsafe configuration: all defaults");
    }

    @Test
    void keysThatAreNotPgsafesNeverAppear() {
        PgSafeConfig config = layered(new ConfigSource("system properties", Map.of(
                "db.password", "s3cret", "pgsafe.mode", "off")));

        assertThat(config.describe()).doesNotContain("s3cret").doesNotContain("db.password");
    }

    @Test
    void toStringIsTheDescription() {
        PgSafeConfig config = layered(new ConfigSource("system properties", Map.of("pgsafe.monitor", "false")));

        assertThat(config).hasToString(config.describe());
    }
}
