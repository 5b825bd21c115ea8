package io.pgsafe.core.config;

import java.util.Optional;

/**
 * A configuration pgsafe cannot start with: an unknown {@code pgsafe.*} key or a value that does not
 * parse. The message names the key, the value, the source it came from and what to write instead, e.g.
 * {@code pgsafe.lock-timeout=abc (from URL parameters) is not a duration: use a number with ms, s, min,
 * h or d, e.g. 2s}. Only pgsafe's own keys are ever quoted with their values; a mistyped environment
 * variable name is quoted without its value, since it is not known to be pgsafe's.
 */
public final class PgSafeConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String sourceName;

    private PgSafeConfigException(String key, String sourceName, String message) {
        super(message);
        this.key = key;
        this.sourceName = sourceName;
    }

    /** The key (or, for a mistyped environment variable, its name) the problem is about. */
    public String key() {
        return key;
    }

    /** The name of the {@link ConfigSource} the key came from, e.g. {@code URL parameters}. */
    public String sourceName() {
        return sourceName;
    }

    static PgSafeConfigException badValue(String key, String value, String sourceName, String problem, String hint) {
        return new PgSafeConfigException(key, sourceName, quote(key, value, sourceName) + " " + problem + ": " + hint);
    }

    static PgSafeConfigException unknownKey(String key, String value, String sourceName,
                                            Optional<String> suggestion, String knownKeys) {
        String advice = suggestion.map(PgSafeConfigException::didYouMean).orElse("the settings are " + knownKeys);
        return new PgSafeConfigException(key, sourceName,
                quote(key, value, sourceName) + " is not a pgsafe setting: " + advice);
    }

    static PgSafeConfigException unknownRule(String key, String value, String sourceName,
                                             Optional<String> suggestion, String knownRuleIds) {
        String known = knownRuleIds.isEmpty() ? "no rules are known" : "the known rules are " + knownRuleIds;
        String advice = suggestion.map(s -> didYouMean(s) + " " + capitalize(known)).orElse(known);
        return new PgSafeConfigException(key, sourceName,
                quote(key, value, sourceName) + " is not a known rule: " + advice);
    }

    /** The value is left out: a variable that is not pgsafe's may hold anything, a password included. */
    static PgSafeConfigException unknownEnvName(String envName, String sourceName, String suggestion) {
        return new PgSafeConfigException(envName, sourceName,
                envName + " (from " + sourceName + ") is not a pgsafe setting: " + didYouMean(suggestion));
    }

    private static String quote(String key, String value, String sourceName) {
        return key + "=" + value + " (from " + sourceName + ")";
    }

    private static String didYouMean(String suggestion) {
        return "did you mean " + suggestion + "?";
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
