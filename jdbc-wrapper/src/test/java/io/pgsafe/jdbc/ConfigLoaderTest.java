package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("pgsafe.lock-timeout");
        System.clearProperty("pgsafe.config");
    }

    @Test
    void withNothingSetTheDefaultsApply() {
        ConfigLoader.Settings settings = ConfigLoader.load(Map.of());
        assertThat(settings.config().mode()).isEqualTo(Mode.ENFORCE);
        assertThat(settings.config().lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void systemPropertiesOverrideTheDefaultsAndUrlParametersOverrideSystemProperties() {
        System.setProperty("pgsafe.lock-timeout", "3s");
        assertThat(ConfigLoader.load(Map.of()).config().lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ConfigLoader.load(Map.of("pgsafe.lock-timeout", "700ms")).config().lockTimeout())
                .isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void theFileNamedByPgsafeConfigIsALayerBelowSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgsafe.properties");
        Files.writeString(file, "pgsafe.mode=warn\npgsafe.lock-timeout=9s\n");
        System.setProperty("pgsafe.lock-timeout", "4s");
        ConfigLoader.Settings settings = ConfigLoader.load(Map.of("pgsafe.config", file.toString()));
        assertThat(settings.config().mode()).isEqualTo(Mode.WARN);
        assertThat(settings.config().lockTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theSameLayersGiveTheSameCachedEngine() {
        assertThat(ConfigLoader.load(Map.of("pgsafe.mode", "warn")))
                .isSameAs(ConfigLoader.load(Map.of("pgsafe.mode", "warn")));
    }

    @Test
    void aBadValueNamesTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("pgsafe.mode", "loud")))
                .isInstanceOf(PgSafeConfigException.class)
                .hasMessageContaining("pgsafe.mode")
                .hasMessageContaining("enforce");
    }
}
