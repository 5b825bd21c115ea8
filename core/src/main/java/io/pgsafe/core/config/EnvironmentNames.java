package io.pgsafe.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The translation between pgsafe keys and environment variable names, which cannot hold {@code .} or
 * {@code -}.
 *
 * <p>Key to name: upper-case the key and replace both {@code .} and {@code -} with {@code _}, so
 * {@code pgsafe.monitor.interval} is {@code PGSAFE_MONITOR_INTERVAL} and {@code pgsafe.lock-timeout} is
 * {@code PGSAFE_LOCK_TIMEOUT}.
 *
 * <p>Name to key: since {@code _} could stand for either character, a name is not converted back
 * character by character but looked up among the names of the known settings. A name starting with
 * {@code PGSAFE_RULES_} is a rule key: rule ids are lower-case words joined by {@code -}, so the rest is
 * lower-cased with {@code _} turned into {@code -}: {@code PGSAFE_RULES_CREATE_INDEX_NOT_CONCURRENTLY} is
 * {@code pgsafe.rules.create-index-not-concurrently}. No setting's name starts with
 * {@code PGSAFE_RULES_}, so the two cannot be confused (a test holds that). Any other {@code PGSAFE_}
 * name is not a setting: the project's own tests and demo use that prefix too
 * ({@code PGSAFE_TEST_JDBC_URL}, {@code PGSAFE_DEMO_URL}).
 */
public final class EnvironmentNames {
    /** The prefix of every pgsafe environment variable. */
    public static final String PREFIX = "PGSAFE_";
    /** The prefix of the environment variables of the {@code pgsafe.rules.<rule-id>} family. */
    public static final String RULES_PREFIX = envName(PgSafeSetting.RULES_PREFIX);

    private EnvironmentNames() {
    }

    /** {@code pgsafe.lock-timeout} to {@code PGSAFE_LOCK_TIMEOUT}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The pgsafe key an environment variable sets, or empty when the name is not a pgsafe setting's
     * (including names without the {@code PGSAFE_} prefix). A rule key is returned whatever the rule id;
     * whether the rule exists is checked when the configuration is built.
     */
    public static Optional<String> toKey(String envName) {
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (!setting.isFamily() && setting.envName().equals(envName)) {
                return Optional.of(setting.key());
            }
        }
        if (envName.startsWith(RULES_PREFIX) && envName.length() > RULES_PREFIX.length()) {
            String ruleId = envName.substring(RULES_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            return Optional.of(PgSafeSetting.ruleKey(ruleId));
        }
        return Optional.empty();
    }

    /**
     * The setting name a {@code PGSAFE_} name that is no setting's was probably meant to be, e.g.
     * {@code PGSAFE_LOCK_TIMEOUT} for {@code PGSAFE_LOCK_TIMOUT}; empty when it is not close to any.
     */
    static Optional<String> nearestSettingName(String envName) {
        List<String> names = new ArrayList<>();
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (!setting.isFamily()) {
                names.add(setting.envName());
            }
        }
        return NearestName.among(envName, names);
    }
}
