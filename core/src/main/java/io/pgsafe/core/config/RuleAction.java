package io.pgsafe.core.config;

import java.util.Locale;
import java.util.Optional;

/** The action a {@code pgsafe.rules.<rule-id>} key forces on one rule, overriding the rule's default. */
public enum RuleAction {
    /** Never send the statement; fail it with the rule's finding and fix. */
    BLOCK,
    /** Run the rule's exact safe equivalent in place of the statement, where the rule has one. */
    REWRITE,
    /** Run the statement (guarded) and report the finding. */
    WARN,
    /** Ignore the rule. */
    OFF;

    /** The spelling used in configuration, e.g. {@code block}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<RuleAction> fromConfigValue(String text) {
        for (RuleAction action : values()) {
            if (action.configValue().equalsIgnoreCase(text)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
