package io.pgsafe.core.config;

import java.util.Optional;

/**
 * Every pgsafe configuration key, in one place (as pgjdbc's {@code PGProperty} does for connection
 * properties): its key, value type, default and one-line doc. Parsing, validation, the environment
 * variable names, {@link PgSafeConfig#describe()} and {@code docs/configuration.md} all read this enum,
 * so a key added here is accepted, documented and described everywhere at once.
 *
 * <p>{@link #RULES} stands for the family {@code pgsafe.rules.<rule-id>}: one key per rule, whose ids
 * come from the rule catalog, not from this package.
 */
public enum PgSafeSetting {
    MODE("pgsafe.mode", SettingType.MODE, "enforce",
            "enforce: block or rewrite unsafe statements; warn: run them (guarded) and report; off: pass everything through"),
    REWRITE("pgsafe.rewrite", SettingType.BOOLEAN, "true",
            "Rewrite a statement into its exact safe equivalent where one exists (e.g. CREATE INDEX CONCURRENTLY); false blocks it instead"),
    LOCK_TIMEOUT("pgsafe.lock-timeout", SettingType.DURATION, "2s",
            "lock_timeout for DDL that takes a SHARE or stronger lock on a table; 0 disables"),
    STATEMENT_TIMEOUT("pgsafe.statement-timeout", SettingType.DURATION, "5s",
            "statement_timeout for that DDL, which should be catalog-only work; 0 disables"),
    CONCURRENT_LOCK_TIMEOUT("pgsafe.concurrent-lock-timeout", SettingType.DURATION, "10min",
            "lock_timeout for CONCURRENTLY builds, VALIDATE CONSTRAINT and other long work under weak locks (no statement_timeout); 0 disables"),
    LOCK_TIMEOUT_RETRIES("pgsafe.lock-timeout-retries", SettingType.NON_NEGATIVE_INT, "3",
            "How many times a statement that hit lock_timeout (SQLSTATE 55P03) is retried; 0 never retries"),
    RETRY_BACKOFF("pgsafe.retry-backoff", SettingType.DURATION, "500ms",
            "Wait before the first retry, doubled for each further retry, with jitter; 0 retries at once"),
    SMALL_TABLE_ROWS("pgsafe.small-table-rows", SettingType.NON_NEGATIVE_LONG, null,
            "A table estimated below this many rows (and below small-table-bytes, when set) is not treated as hot; unset: no exemption"),
    SMALL_TABLE_BYTES("pgsafe.small-table-bytes", SettingType.BYTE_SIZE, null,
            "A table estimated below this size (and below small-table-rows, when set) is not treated as hot; unset: no exemption"),
    MAX_LOCK_HOLD("pgsafe.max-lock-hold", SettingType.DURATION, "100ms",
            "Report guarded DDL whose lock is held longer than this (event pgsafe.lock.held_too_long); 0 disables"),
    MONITOR("pgsafe.monitor", SettingType.BOOLEAN, "true",
            "Watch lock waits and blockers from a second connection while guarded DDL runs"),
    MONITOR_INTERVAL("pgsafe.monitor.interval", SettingType.DURATION, "10ms",
            "How often the lock monitor samples pg_stat_activity and pg_blocking_pids(); 0 disables sampling"),
    PG_VERSION("pgsafe.pg-version", SettingType.PG_VERSION, null,
            "PostgreSQL version that static linting (pgsafe check) assumes; at runtime the connected server's version counts"),
    CONFIG("pgsafe.config", SettingType.FILE_PATH, null,
            "A properties file to read settings from, layered after pgsafe.properties on the classpath"),
    RULES("pgsafe.rules.<rule-id>", SettingType.RULE_ACTION, null,
            "Override one rule's action; unset: the rule's own default");

    /** Every pgsafe key starts with this; other keys in a source are not pgsafe's and are ignored. */
    public static final String PREFIX = "pgsafe.";
    /** The keys of the {@link #RULES} family are this followed by a rule id. */
    public static final String RULES_PREFIX = "pgsafe.rules.";

    private final String key;
    private final SettingType type;
    private final String defaultText;
    private final String doc;

    PgSafeSetting(String key, SettingType type, String defaultText, String doc) {
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.doc = doc;
    }

    /** The key, e.g. {@code pgsafe.lock-timeout}; for {@link #RULES} the pattern {@code pgsafe.rules.<rule-id>}. */
    public String key() {
        return key;
    }

    public SettingType type() {
        return type;
    }

    /** The default as configuration text, e.g. {@code 2s}; empty when the setting is unset by default. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** One line saying what the setting does. */
    public String doc() {
        return doc;
    }

    /** What a value may look like, e.g. {@code enforce, warn, off}. */
    public String acceptedValues() {
        return type.acceptedValues();
    }

    /** True for {@link #RULES}, which stands for many keys rather than being one. */
    public boolean isFamily() {
        return this == RULES;
    }

    /**
     * The environment variable for this setting, e.g. {@code PGSAFE_LOCK_TIMEOUT}; for {@link #RULES}
     * the pattern {@code PGSAFE_RULES_<RULE_ID>}.
     */
    public String envName() {
        return EnvironmentNames.envName(key);
    }

    /** The key for one rule, e.g. {@code pgsafe.rules.drop-table}. */
    public static String ruleKey(String ruleId) {
        return RULES_PREFIX + ruleId;
    }

    /** The single (non-family) setting with exactly this key. */
    public static Optional<PgSafeSetting> forKey(String key) {
        for (PgSafeSetting setting : values()) {
            if (!setting.isFamily() && setting.key.equals(key)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /** The typed default, or null when unset by default. */
    Object defaultValue() {
        return defaultText == null ? null : type.parse(defaultText);
    }

    String format(Object value) {
        return value == null ? "" : type.format(value);
    }
}
