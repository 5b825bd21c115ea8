package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.EnvironmentNames;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.core.config.PgSafeSetting;
import io.pgsafe.core.config.SettingType;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.jdbc.PgSafeDataSource;
import io.pgsafe.jdbc.PgSafeTestAccess;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Every setting with a malformed value, from each layer (URL parameter, system property, environment-style map,
 * properties file), fails start-up with a message that names the key; a broken pgsafe.properties fails too, so
 * nothing but an explicit {@code pgsafe.mode=off} turns pgsafe off. No server is contacted: the configuration is
 * read before pgjdbc connects (the URL points at port 1).
 */
class BadConfigurationTest {
    private static final String NOWHERE = "jdbc:pgsafe:postgresql://localhost:1/nowhere";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("pgsafe.")) {
                System.clearProperty(key);
            }
        }
        PgSafeTestAccess.resetConfigCaches();
    }

    /** One malformed value per setting (the rules family through one rule's key). */
    static Stream<String[]> badValues() {
        List<String[]> cases = new ArrayList<>();
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            String key = setting.isFamily() ? PgSafeSetting.ruleKey("drop-table") : setting.key();
            cases.add(new String[] {key, bad(setting.type())});
        }
        return cases.stream();
    }

    private static String bad(SettingType type) {
        return switch (type) {
            case MODE -> "loud";
            case BOOLEAN -> "maybe";
            case DURATION -> "soon";
            case NON_NEGATIVE_INT -> "-1";
            case NON_NEGATIVE_LONG -> "many";
            case BYTE_SIZE -> "huge";
            case PG_VERSION -> "latest";
            case RULE_ACTION -> "sometimes";
            case FILE_PATH -> "/nonexistent/pgsafe-reliability.properties";
        };
    }

    @ParameterizedTest(name = "{0}={1} as a URL parameter")
    @MethodSource("badValues")
    void aBadUrlParameterFailsTheConnectionNamingTheKey(String key, String value) {
        String url = NOWHERE + "?" + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "u", "p"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(key)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    }

    @ParameterizedTest(name = "{0}={1} as a system property")
    @MethodSource("badValues")
    void aBadSystemPropertyFailsTheConnectionNamingTheKey(String key, String value) {
        System.setProperty(key, value);
        assertThatThrownBy(() -> DriverManager.getConnection(NOWHERE, "u", "p"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(key);
        // A DataSource wrapper reads the same layers and fails the same way.
        assertThatThrownBy(() -> new PgSafeDataSource(new PGSimpleDataSource())).isInstanceOf(SQLException.class)
                .hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}={1} in the environment")
    @MethodSource("badValues")
    void aBadEnvironmentVariableFailsNamingTheKey(String key, String value) {
        if (key.equals(PgSafeSetting.CONFIG.key())) {
            return; // any text is a path: a missing file fails when it is read (URL and system property cases)
        }
        ConfigSource env = ConfigSource.fromEnvironment(Map.of(EnvironmentNames.envName(key), value, "PATH", "/bin"));
        assertThatThrownBy(() -> PgSafeConfig.layered(List.of(env), RuleCatalog.ids()))
                .isInstanceOf(PgSafeConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("environment");
    }

    @ParameterizedTest(name = "{0}={1} in a pgsafe.config file")
    @MethodSource("badValues")
    void aBadValueInTheNamedPropertiesFileFailsNamingTheKeyAndTheFile(String key, String value) throws Exception {
        if (key.equals(PgSafeSetting.CONFIG.key())) {
            return; // pgsafe.config inside the named file does not name a further file
        }
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, key + "=" + value + "\n");
        String url = NOWHERE + "?pgsafe.config=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "u", "p"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(file.toString());
    }

    @ParameterizedTest(name = "pgsafe.properties on the classpath: {0}")
    @ValueSource(strings = {"pgsafe.mode=of", "pgsafe.mode=", "pgsafe.mod=off", "pgsafe.mode=\\u00zz",
            "pgsafe.lock-timeout=2 seconds"})
    void aBrokenClasspathPropertiesFileFailsAndNeverTurnsPgsafeOff(String content) throws Exception {
        Files.writeString(dir.resolve("pgsafe.properties"), content + "\n");
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            PgSafeTestAccess.resetConfigCaches();
            assertThatThrownBy(() -> DriverManager.getConnection(NOWHERE, "u", "p"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("pgsafe.properties")
                    .satisfies(e -> System.out.println("pgsafe broken pgsafe.properties (" + content + "): "
                            + e.getMessage()));
        } finally {
            Thread.currentThread().setContextClassLoader(original);
            PgSafeTestAccess.resetConfigCaches();
        }
    }

    @ParameterizedTest(name = "a malformed %-escape in {0}")
    @ValueSource(strings = {"pgsafe.lock-timeout=%zz", "pgsafe.mode=%", "pgsafe.%zzmode=off"})
    void aMalformedUrlEscapeFailsWithAnSqlExceptionNotARuntimeException(String parameter) {
        assertThatThrownBy(() -> DriverManager.getConnection(NOWHERE + "?" + parameter, "u", "p"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("pgsafe")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    }

    @ParameterizedTest(name = "off only when said: {0}")
    @ValueSource(strings = {"", "pgsafe.rewrite=false", "pgsafe.monitor=false"})
    void withoutAnExplicitModeTheModeIsEnforce(String parameter) {
        Map<String, String> parameters = parameter.isEmpty() ? Map.of()
                : Map.of(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        assertThat(((PgSafeConfig) PgSafeTestAccess.loadConfig(parameters)).mode()).isEqualTo(Mode.ENFORCE);
        assertThat(((PgSafeConfig) PgSafeTestAccess.loadConfig(Map.of("pgsafe.mode", "OFF"))).mode())
                .isEqualTo(Mode.OFF);
    }
}
