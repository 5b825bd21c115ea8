package io.pgsafe.core.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * pgsafe's effective configuration: immutable, every value parsed and checked, and for each value the
 * name of the source it came from. Built by {@link #layered} from the sources the callers read (see
 * {@link ConfigSource} for the order), or {@link #defaults()}.
 */
public final class PgSafeConfig {
    /** The origin of a value no source set. */
    public static final String DEFAULT_ORIGIN = "default";

    private static final PgSafeConfig DEFAULTS = new PgSafeConfig(new ConfigLayers(Set.of()));

    private final Map<PgSafeSetting, Object> values;
    private final Map<PgSafeSetting, String> origins;
    private final Map<String, RuleAction> ruleActions;
    private final Map<String, String> ruleOrigins;

    private PgSafeConfig(ConfigLayers layers) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(layers.values));
        this.origins = Collections.unmodifiableMap(new EnumMap<>(layers.origins));
        this.ruleActions = Collections.unmodifiableMap(new TreeMap<>(layers.ruleActions));
        this.ruleOrigins = Collections.unmodifiableMap(new TreeMap<>(layers.ruleOrigins));
    }

    /** Every setting at its default, no rule overridden. */
    public static PgSafeConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Applies the sources over the defaults, each later source winning over the earlier ones. Keys not
     * starting with {@code pgsafe.} are ignored.
     *
     * @param sources      in increasing precedence
     * @param knownRuleIds the rule catalog's ids, the only ones a {@code pgsafe.rules.<rule-id>} key may name
     * @throws PgSafeConfigException for an unknown {@code pgsafe.*} key, an unknown rule id or a bad value,
     *                               in any source, even one a later source overrides
     */
    public static PgSafeConfig layered(List<ConfigSource> sources, Set<String> knownRuleIds) {
        ConfigLayers layers = new ConfigLayers(knownRuleIds);
        sources.forEach(layers::apply);
        return new PgSafeConfig(layers);
    }

    /** {@code pgsafe.mode}. */
    public Mode mode() {
        return (Mode) values.get(PgSafeSetting.MODE);
    }

    /** {@code pgsafe.rewrite}. */
    public boolean rewrite() {
        return (Boolean) values.get(PgSafeSetting.REWRITE);
    }

    /** {@code pgsafe.lock-timeout}; {@link Duration#ZERO} means disabled. */
    public Duration lockTimeout() {
        return (Duration) values.get(PgSafeSetting.LOCK_TIMEOUT);
    }

    /** {@code pgsafe.statement-timeout}; {@link Duration#ZERO} means disabled. */
    public Duration statementTimeout() {
        return (Duration) values.get(PgSafeSetting.STATEMENT_TIMEOUT);
    }

    /** {@code pgsafe.concurrent-lock-timeout}; {@link Duration#ZERO} means disabled. */
    public Duration concurrentLockTimeout() {
        return (Duration) values.get(PgSafeSetting.CONCURRENT_LOCK_TIMEOUT);
    }

    /** {@code pgsafe.lock-timeout-retries}. */
    public int lockTimeoutRetries() {
        return (Integer) values.get(PgSafeSetting.LOCK_TIMEOUT_RETRIES);
    }

    /** {@code pgsafe.retry-backoff}. */
    public Duration retryBackoff() {
        return (Duration) values.get(PgSafeSetting.RETRY_BACKOFF);
    }

    /** {@code pgsafe.small-table-rows}; empty means no small-table exemption by rows. */
    public OptionalLong smallTableRows() {
        return optionalLong(PgSafeSetting.SMALL_TABLE_ROWS);
    }

    /** {@code pgsafe.small-table-bytes} in bytes; empty means no small-table exemption by size. */
    public OptionalLong smallTableBytes() {
        return optionalLong(PgSafeSetting.SMALL_TABLE_BYTES);
    }

    /** {@code pgsafe.max-lock-hold}; {@link Duration#ZERO} means disabled. */
    public Duration maxLockHold() {
        return (Duration) values.get(PgSafeSetting.MAX_LOCK_HOLD);
    }

    /** {@code pgsafe.monitor}. */
    public boolean monitor() {
        return (Boolean) values.get(PgSafeSetting.MONITOR);
    }

    /** {@code pgsafe.monitor.interval}; {@link Duration#ZERO} means no sampling. */
    public Duration monitorInterval() {
        return (Duration) values.get(PgSafeSetting.MONITOR_INTERVAL);
    }

    /** {@code pgsafe.pg-version}. */
    public Optional<PgVersion> pgVersion() {
        return Optional.ofNullable((PgVersion) values.get(PgSafeSetting.PG_VERSION));
    }

    /** {@code pgsafe.config}: the file a caller should read as the second layer. */
    public Optional<String> configFile() {
        return Optional.ofNullable((String) values.get(PgSafeSetting.CONFIG));
    }

    /** The action {@code pgsafe.rules.<ruleId>} forces, or empty when the rule keeps its own default. */
    public Optional<RuleAction> ruleAction(String ruleId) {
        return Optional.ofNullable(ruleActions.get(ruleId));
    }

    /** Every rule override, by rule id in alphabetical order. */
    public Map<String, RuleAction> ruleActions() {
        return ruleActions;
    }

    /**
     * The name of the source the setting's effective value came from, or {@value #DEFAULT_ORIGIN}.
     *
     * @throws IllegalArgumentException for {@link PgSafeSetting#RULES}, which is many keys: use
     *                                  {@link #origin(String)} with one rule's key
     */
    public String origin(PgSafeSetting setting) {
        if (setting.isFamily()) {
            throw new IllegalArgumentException(setting.key() + " is a family of keys; ask for one rule's key");
        }
        return origins.get(setting);
    }

    /**
     * Where the value of a key came from: a source's name, {@value #DEFAULT_ORIGIN} for a setting no
     * source set, empty for a rule no source overrode or a key that is not pgsafe's.
     */
    public Optional<String> origin(String key) {
        if (key.startsWith(PgSafeSetting.RULES_PREFIX)) {
            return Optional.ofNullable(ruleOrigins.get(key.substring(PgSafeSetting.RULES_PREFIX.length())));
        }
        return PgSafeSetting.forKey(key).map(origins::get);
    }

    /**
     * One line for the start-up log: each value that differs from its default, with its source, e.g.
     * {@code pgsafe configuration: pgsafe.mode=warn (from environment), pgsafe.rules.drop-table=off (from
     * URL parameters); everything else default}.
     */
    public String describe() {
        StringJoiner changed = new StringJoiner(", ");
        values.forEach((setting, value) -> {
            if (!Objects.equals(value, DEFAULTS.values.get(setting))) {
                changed.add(setting.key() + "=" + setting.format(value) + " (from " + origins.get(setting) + ")");
            }
        });
        ruleActions.forEach((ruleId, action) -> changed.add(PgSafeSetting.ruleKey(ruleId) + "="
                + action.configValue() + " (from " + ruleOrigins.get(ruleId) + ")"));
        if (changed.length() == 0) {
            return "pgsafe configuration: all defaults";
        }
        return "pgsafe configuration: " + changed + "; everything else default";
    }

    /** The same as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }

    private OptionalLong optionalLong(PgSafeSetting setting) {
        Long value = (Long) values.get(setting);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
