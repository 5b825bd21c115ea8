package io.pgsafe.core.rules;

import java.util.Locale;

/** How loud a finding is in {@code pgsafe check}; at runtime the rule's action decides. */
public enum Severity {
    INFO,
    WARNING,
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
