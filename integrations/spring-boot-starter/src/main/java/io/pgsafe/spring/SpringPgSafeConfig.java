package io.pgsafe.spring;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeSetting;
import io.pgsafe.core.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Builds the {@link PgSafeConfig} a Spring application runs with: pgsafe's own layers (DESIGN section 4:
 * {@code pgsafe.properties} on the classpath, the file named by {@code pgsafe.config}, environment
 * {@code PGSAFE_*}, system properties {@code pgsafe.*}) and, above them, the Spring {@link Environment}'s
 * {@code pgsafe.*} properties (application.properties/yaml, profiles, command-line arguments, test properties).
 *
 * <p>Spring's relaxed binding applies: {@code pgsafe.lock-timeout}, {@code pgsafe.lockTimeout} and
 * {@code pgsafe.lock_timeout} all name the same key, and {@code pgsafe.rules.<rule-id>} takes every rule id of
 * {@link RuleCatalog#ids()}. A {@code pgsafe.*} property that names no setting makes the start fail with the key,
 * where it came from and the nearest known name, as pgsafe does for its other sources.
 */
public final class SpringPgSafeConfig {
    /** The name of the Spring layer, shown in error messages and by {@link PgSafeConfig#origin(String)}. */
    public static final String SPRING_SOURCE = "Spring Environment";

    private static final ConfigurationPropertyName PGSAFE = ConfigurationPropertyName.of("pgsafe");

    private SpringPgSafeConfig() {
    }

    /** pgsafe's own layers with the Spring layer on top. */
    public static PgSafeConfig load(Environment environment) {
        ConfigSource spring = springSource(environment);
        ConfigSource classpath = classpathSource();
        ConfigSource env = ConfigSource.fromEnvironment(System.getenv());
        ConfigSource system = systemPropertiesSource();
        List<ConfigSource> sources = new ArrayList<>(5);
        sources.add(classpath);
        String file = firstNonNull(spring.values().get(PgSafeSetting.CONFIG.key()),
                system.values().get(PgSafeSetting.CONFIG.key()), env.values().get(PgSafeSetting.CONFIG.key()),
                classpath.values().get(PgSafeSetting.CONFIG.key()));
        if (file != null) {
            sources.add(fileSource(file));
        }
        sources.add(env);
        sources.add(system);
        sources.add(spring);
        return PgSafeConfig.layered(sources, RuleCatalog.ids());
    }

    /** The Environment's {@code pgsafe.*} values under their canonical keys. */
    static ConfigSource springSource(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> values = new LinkedHashMap<>();
        List<ConfigurationPropertyName> known = new ArrayList<>();
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (!setting.isFamily()) {
                bind(binder, setting.key(), values, known);
            }
        }
        for (String ruleId : RuleCatalog.ids()) {
            bind(binder, PgSafeSetting.ruleKey(ruleId), values, known);
        }
        for (String unknown : unknownNames(environment, known)) {
            values.putIfAbsent(unknown, String.valueOf(environment.getProperty(unknown)));
        }
        return new ConfigSource(SPRING_SOURCE, values);
    }

    private static void bind(Binder binder, String key, Map<String, String> values,
            List<ConfigurationPropertyName> known) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        known.add(name);
        binder.bind(name, org.springframework.boot.context.properties.bind.Bindable.of(String.class)).ifBound(value -> values.put(key, value));
    }

    /**
     * {@code pgsafe.*} names in the Spring sources that name no setting, so that {@link PgSafeConfig} rejects them
     * with its usual message. The system environment and system properties are left out: pgsafe reads and checks
     * those itself (an environment variable's name cannot be turned back into a key with dashes).
     */
    private static List<String> unknownNames(Environment environment, List<ConfigurationPropertyName> known) {
        List<String> unknown = new ArrayList<>();
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return unknown;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            Object underlying = source.getUnderlyingSource();
            if (underlying instanceof SystemEnvironmentPropertySource
                    || (underlying instanceof org.springframework.core.env.PropertySource<?> ps
                            && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(ps.getName()))
                    || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream()
                    .filter(name -> PGSAFE.isAncestorOf(name) && known.stream().noneMatch(name::equals))
                    .map(ConfigurationPropertyName::toString)
                    .forEach(unknown::add);
        }
        return unknown;
    }

    private static ConfigSource classpathSource() {
        Properties properties = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SpringPgSafeConfig.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream("pgsafe.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pgsafe.properties from the classpath", e);
        }
        return ConfigSource.fromProperties(ConfigSource.CLASSPATH_PROPERTIES, properties);
    }

    private static ConfigSource systemPropertiesSource() {
        Properties own = new Properties();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PgSafeSetting.PREFIX)) {
                own.setProperty(key, System.getProperty(key));
            }
        }
        return ConfigSource.fromProperties(ConfigSource.SYSTEM_PROPERTIES, own);
    }

    private static ConfigSource fileSource(String path) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pgsafe.config file " + path + ": " + e.getMessage(), e);
        }
        return ConfigSource.fromProperties(ConfigSource.configFileName(path), properties);
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
