package io.pgsafe.jdbc;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@link PgSafeConfig} from the layers of DESIGN section 4, later winning: defaults, {@code pgsafe.properties}
 * on the classpath, the file named by {@code pgsafe.config}, environment {@code PGSAFE_*}, system properties
 * {@code pgsafe.*}, then the connection's own {@code pgsafe.*} parameters. The classpath file and the environment
 * are read once per class loader; a named file once per path; the resulting config and its {@link Guard} are
 * cached per distinct set of layers, so a pool opening connections pays for a map lookup.
 */
final class ConfigLoader {
    private static final int MAX_CACHED = 64;
    private static volatile ConfigSource classpath;
    private static volatile ConfigSource environment;
    private static final Map<String, ConfigSource> FILES = new ConcurrentHashMap<>();
    private static final Map<List<ConfigSource>, Settings> CACHE = new ConcurrentHashMap<>();

    /** A configuration and the engine built from it. */
    record Settings(PgSafeConfig config, Guard guard, DecisionExecutor executor) {
        static Settings of(PgSafeConfig config) {
            return new Settings(config, new Guard(config), new DecisionExecutor(config));
        }
    }

    private ConfigLoader() {
    }

    /**
     * @param connectionParameters the {@code pgsafe.*} URL (or connection property) parameters
     * @throws PgSafeConfigException for an unknown key or a bad value in any layer
     */
    static Settings load(Map<String, String> connectionParameters) {
        return load(new ConfigSource(ConfigSource.URL_PARAMETERS, connectionParameters));
    }

    /**
     * The same layers with {@code top} (URL parameters, or the agent's {@code -javaagent:…=key=value} arguments)
     * above the system properties.
     */
    static Settings load(ConfigSource top) {
        List<ConfigSource> sources = new ArrayList<>(5);
        ConfigSource cp = classpathSource();
        ConfigSource env = environmentSource();
        ConfigSource sys = systemPropertiesSource();
        ConfigSource url = top;
        sources.add(cp);
        String file = firstNonNull(url.values().get("pgsafe.config"), sys.values().get("pgsafe.config"),
                env.values().get("pgsafe.config"), cp.values().get("pgsafe.config"));
        if (file != null) {
            sources.add(FILES.computeIfAbsent(file, ConfigLoader::readFile));
        }
        sources.add(env);
        sources.add(sys);
        sources.add(url);
        Settings cached = CACHE.get(sources);
        if (cached != null) {
            return cached;
        }
        Settings settings = Settings.of(PgSafeConfig.layered(sources, RuleCatalog.ids()));
        if (CACHE.size() < MAX_CACHED) {
            CACHE.put(List.copyOf(sources), settings);
        }
        return settings;
    }

    private static ConfigSource classpathSource() {
        ConfigSource source = classpath;
        if (source == null) {
            Properties properties = new Properties();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = ConfigLoader.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream("pgsafe.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pgsafe.properties from the classpath", e);
            } catch (IllegalArgumentException e) {
                // Properties.load rejects a malformed unicode escape: the file is broken, and pgsafe does not start
                // without it (never a silent fallback to defaults, let alone to pgsafe.mode=off).
                throw new IllegalStateException("pgsafe.properties on the classpath is malformed (" + e.getMessage()
                        + "); fix the file");
            }
            source = ConfigSource.fromProperties(ConfigSource.CLASSPATH_PROPERTIES, properties);
            classpath = source;
        }
        return source;
    }

    private static ConfigSource environmentSource() {
        ConfigSource source = environment;
        if (source == null) {
            source = ConfigSource.fromEnvironment(System.getenv());
            environment = source;
        }
        return source;
    }

    private static ConfigSource systemPropertiesSource() {
        Properties own = new Properties();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("pgsafe.")) {
                own.setProperty(key, System.getProperty(key));
            }
        }
        return ConfigSource.fromProperties(ConfigSource.SYSTEM_PROPERTIES, own);
    }

    private static ConfigSource readFile(String path) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pgsafe.config file " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the pgsafe.config file " + path + " is malformed (" + e.getMessage()
                    + "); fix the file");
        }
        return ConfigSource.fromProperties(ConfigSource.configFileName(path), properties);
    }

    /** Tests only: forget the classpath file, the environment and the cached configurations. */
    static void resetForTests() {
        classpath = null;
        environment = null;
        FILES.clear();
        CACHE.clear();
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
