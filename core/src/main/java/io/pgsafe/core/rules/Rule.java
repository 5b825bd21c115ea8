package io.pgsafe.core.rules;

import java.util.List;

/**
 * One hazard: what it is ({@link #info()}) and where it occurs ({@link #check}). A rule is stateless and
 * thread-safe; it reports findings and, where an exact safe equivalent exists, a {@link Rewrite}.
 */
public interface Rule {

    RuleInfo info();

    /**
     * Adds a finding for each occurrence of the hazard in {@code context.statement()}. Called only on server
     * versions within {@code info().versions()}. The engine, not the rule, applies exemptions (tables created
     * in this transaction, small tables), configuration and allow comments.
     */
    void check(RuleContext context, List<Finding> findings);

    default String id() {
        return info().id();
    }
}
