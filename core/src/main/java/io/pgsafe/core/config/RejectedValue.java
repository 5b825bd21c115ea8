package io.pgsafe.core.config;

/**
 * A value text that does not parse, with what is wrong in words ("is not a duration", "is negative").
 * Package-private: {@link ConfigLayers} turns it into a {@link PgSafeConfigException} that also names
 * the key, the value, the source and the accepted format, which the parsers do not know.
 */
final class RejectedValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedValue(String problem) {
        super(problem, null, false, false);
    }

    /** Completes "pgsafe.x=value (from source) …", e.g. {@code is not a duration}. */
    String problem() {
        return getMessage();
    }
}
