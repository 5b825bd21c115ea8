package io.pgsafe.core.config;

import java.util.Locale;
import java.util.Optional;

/** What pgsafe does with an unsafe statement: the value of {@code pgsafe.mode}. */
public enum Mode {
    /** Block, rewrite or guard statements as the rules say. */
    ENFORCE,
    /** Run every statement (still guarded by timeouts) and report what enforce would have done. */
    WARN,
    /** Pass every statement through untouched. */
    OFF;

    /** The spelling used in configuration, e.g. {@code enforce}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, so {@code PGSAFE_MODE=WARN} works as well as {@code warn}. */
    static Optional<Mode> fromConfigValue(String text) {
        for (Mode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
