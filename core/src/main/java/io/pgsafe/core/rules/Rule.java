package io.pgsafe.core.rules;

import io.pgsafe.core.model.ParsedStatement;
import java.util.List;
import java.util.Set;

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

    /**
     * The kinds of statement this rule can find anything in; {@link #check} reports nothing for the others,
     * and the engine does not call it for them. A migration file of 80,000 statements would otherwise meet
     * every rule in every statement, when most rules judge one kind (CREATE INDEX, ALTER TABLE, …) and most
     * statements are of none of them. Every kind, unless the rule says otherwise.
     */
    default Set<Class<? extends ParsedStatement>> judges() {
        return StatementTypes.ALL;
    }

    default String id() {
        return info().id();
    }
}
