package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.layered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LayeringTest {
    /** The sources in the order the callers use, each setting pgsafe.lock-timeout to a different value. */
    private static List<ConfigSource> theSixLayers() {
        return List.of(
                new ConfigSource(ConfigSource.CLASSPATH_PROPERTIES, Map.of("pgsafe.lock-timeout", "1s")),
                new ConfigSource(ConfigSource.configFileName("/etc/app/pgsafe.properties"), Map.of("pgsafe.lock-timeout", "2s")),
                ConfigSource.fromEnvironment(Map.of("PGSAFE_LOCK_TIMEOUT", "3s")),
                new ConfigSource(ConfigSource.SYSTEM_PROPERTIES, Map.of("pgsafe.lock-timeout", "4s")),
                new ConfigSource(ConfigSource.URL_PARAMETERS, Map.of("pgsafe.lock-timeout", "5s")));
    }

    @Test
    void laterSourceWins() {
        PgSafeConfig config = layered(
                new ConfigSource("first", Map.of("pgsafe.mode", "warn")),
                new ConfigSource("second", Map.of("pgsafe.mode", "off")));

        assertThat(config.mode()).isEqualTo(Mode.OFF);
    }

    @Test
    void eachLayerOverridesEveryLayerBeforeIt() {
        List<ConfigSource> layers = theSixLayers();
        for (int count = 1; count <= layers.size(); count++) {
            PgSafeConfig config = PgSafeConfig.layered(layers.subList(0, count), Configs.KNOWN_RULES);

            assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(count));
            assertThat(config.origin(PgSafeSetting.LOCK_TIMEOUT)).isEqualTo(layers.get(count - 1).name());
        }
    }

    @Test
    void urlParametersWinOverEveryOtherSource() {
        PgSafeConfig config = PgSafeConfig.layered(theSixLayers(), Configs.KNOWN_RULES);

        assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.origin("pgsafe.lock-timeout")).hasValue("URL parameters");
    }

    @Test
    void valueOfAnEarlierSourceStandsWhenLaterSourcesDoNotSetIt() {
        PgSafeConfig config = layered(
                new ConfigSource("first", Map.of("pgsafe.mode", "warn")),
                new ConfigSource("second", Map.of("pgsafe.rewrite", "false")));

        assertThat(config.mode()).isEqualTo(Mode.WARN);
        assertThat(config.origin(PgSafeSetting.MODE)).isEqualTo("first");
        assertThat(config.origin(PgSafeSetting.REWRITE)).isEqualTo("second");
    }

    @Test
    void settingNoSourceSetComesFromTheDefault() {
        PgSafeConfig config = layered(new ConfigSource("first", Map.of("pgsafe.mode", "warn")));

        assertThat(config.origin(PgSafeSetting.LOCK_TIMEOUT)).isEqualTo("default");
        assertThat(config.origin("pgsafe.lock-timeout")).hasValue("default");
    }

    @Test
    void originOfARuleKeyIsTheSourceThatSetIt() {
        PgSafeConfig config = layered(new ConfigSource("system properties", Map.of("pgsafe.rules.truncate", "warn")));

        assertThat(config.origin("pgsafe.rules.truncate")).hasValue("system properties");
        assertThat(config.origin("pgsafe.rules.drop-table")).isEmpty();
    }

    @Test
    void originOfAKeyThatIsNotPgsafesIsEmpty() {
        assertThat(PgSafeConfig.defaults().origin("spring.datasource.url")).isEmpty();
    }

    @Test
    void originOfTheRulesFamilyAsAWholeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PgSafeConfig.defaults().origin(PgSafeSetting.RULES));
    }

    @Test
    void badValueFailsEvenWhenALaterSourceOverridesIt() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class, () -> layered(
                new ConfigSource("first", Map.of("pgsafe.lock-timeout", "abc")),
                new ConfigSource("second", Map.of("pgsafe.lock-timeout", "3s"))));

        assertThat(failure.sourceName()).isEqualTo("first");
    }

    @Test
    void emptyValueInALaterSourceUnsetsWhatAnEarlierSourceSet() {
        PgSafeConfig config = layered(
                new ConfigSource("first", Map.of("pgsafe.small-table-rows", "1000")),
                new ConfigSource("second", Map.of("pgsafe.small-table-rows", "")));

        assertThat(config.smallTableRows()).isEmpty();
        assertThat(config.origin(PgSafeSetting.SMALL_TABLE_ROWS)).isEqualTo("second");
    }

    @Test
    void propertiesSourceIncludesTheirDefaults() {
        Properties defaults = new Properties();
        defaults.setProperty("pgsafe.mode", "warn");
        Properties properties = new Properties(defaults);
        properties.setProperty("pgsafe.rewrite", "false");

        PgSafeConfig config = layered(ConfigSource.fromProperties("system properties", properties));

        assertThat(config.mode()).isEqualTo(Mode.WARN);
        assertThat(config.rewrite()).isFalse();
    }

    @Test
    void sourceIsACopyThatLaterChangesToTheMapDoNotReach() {
        Map<String, String> values = new java.util.HashMap<>(Map.of("pgsafe.mode", "warn"));
        ConfigSource source = new ConfigSource("first", values);
        values.put("pgsafe.mode", "off");

        assertThat(layered(source).mode()).isEqualTo(Mode.WARN);
    }

    @Test
    void sourceDropsNullValues() {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("pgsafe.mode", null);

        assertThat(new ConfigSource("first", values).values()).isEmpty();
    }

    @Test
    void configIsUnaffectedByChangesToTheSourceList() {
        List<ConfigSource> sources = new ArrayList<>(List.of(new ConfigSource("first", Map.of("pgsafe.mode", "warn"))));
        PgSafeConfig config = PgSafeConfig.layered(sources, Configs.KNOWN_RULES);
        sources.add(new ConfigSource("second", Map.of("pgsafe.mode", "off")));

        assertThat(config.mode()).isEqualTo(Mode.WARN);
    }
}
