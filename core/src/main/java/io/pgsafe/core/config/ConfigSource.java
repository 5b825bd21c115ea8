package io.pgsafe.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One layer of configuration: a name that says where it came from (shown in error messages and by
 * {@link PgSafeConfig#origin(String)}) and its key/value pairs. Core never reads files, the environment
 * or system properties itself; the callers read them and hand them over as sources, in this order
 * (later wins): {@code pgsafe.properties} on the classpath, the file named by {@code pgsafe.config},
 * environment {@code PGSAFE_*}, system properties {@code pgsafe.*}, URL parameters {@code pgsafe.*}.
 * Keys that do not start with {@code pgsafe.} may be included; they are ignored.
 *
 * @param name   where the values came from, e.g. {@value #URL_PARAMETERS}
 * @param values key/value pairs, kept in their given order (entries with a null key or value dropped)
 */
public record ConfigSource(String name, Map<String, String> values) {
    /** Suggested source names, so every front door says the same thing. */
    public static final String CLASSPATH_PROPERTIES = "pgsafe.properties on the classpath";
    public static final String ENVIRONMENT = "environment";
    public static final String SYSTEM_PROPERTIES = "system properties";
    public static final String URL_PARAMETERS = "URL parameters";

    public ConfigSource {
        Objects.requireNonNull(name, "name");
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** The suggested name for the file named by {@code pgsafe.config}: {@code file /etc/app/pgsafe.properties}. */
    public static String configFileName(String path) {
        return "file " + path;
    }

    /** A source from {@link Properties} (system properties, a loaded file), defaults included. */
    public static ConfigSource fromProperties(String name, Properties properties) {
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key));
        }
        return new ConfigSource(name, values);
    }

    /**
     * The source named {@value #ENVIRONMENT} from a whole environment (e.g. {@code System.getenv()}):
     * each {@code PGSAFE_*} variable that names a setting becomes its key, as {@link EnvironmentNames}
     * describes; other variables are left out.
     *
     * @throws PgSafeConfigException for a {@code PGSAFE_*} name that looks like a mistyped setting name
     *                               (the message leaves the value out)
     */
    public static ConfigSource fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String envName = variable.getKey();
            if (!envName.startsWith(EnvironmentNames.PREFIX)) {
                continue;
            }
            Optional<String> key = EnvironmentNames.toKey(envName);
            if (key.isPresent()) {
                values.put(key.get(), variable.getValue());
            } else {
                Optional<String> meant = EnvironmentNames.nearestSettingName(envName);
                if (meant.isPresent()) {
                    throw PgSafeConfigException.unknownEnvName(envName, ENVIRONMENT, meant.get());
                }
            }
        }
        return new ConfigSource(ENVIRONMENT, values);
    }
}
