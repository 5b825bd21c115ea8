package io.pgsafe.core.rules;

import io.pgsafe.core.config.RuleAction;
import io.pgsafe.core.model.LockMode;

/**
 * What a rule declares about its hazard.
 *
 * @param id            the rule id, the contract users write in configuration and allow comments
 * @param lock          the lock the hazardous statement takes on its table
 * @param impact        whether it scans or rewrites the table, or breaks clients
 * @param versions      the server versions on which the hazard exists
 * @param defaultAction block, rewrite or warn, unless configuration says otherwise
 * @param severity      how {@code pgsafe check} reports it
 * @param lintOnly      a style rule for migration files, never enforced at runtime
 */
public record RuleInfo(String id, LockMode lock, TableImpact impact, VersionRange versions,
                       RuleAction defaultAction, Severity severity, boolean lintOnly) {

    public static RuleInfo blocking(String id, LockMode lock, TableImpact impact, VersionRange versions) {
        return new RuleInfo(id, lock, impact, versions, RuleAction.BLOCK, Severity.ERROR, false);
    }

    public static RuleInfo rewriting(String id, LockMode lock, TableImpact impact, VersionRange versions) {
        return new RuleInfo(id, lock, impact, versions, RuleAction.REWRITE, Severity.ERROR, false);
    }

    public static RuleInfo warning(String id, LockMode lock, TableImpact impact, VersionRange versions) {
        return new RuleInfo(id, lock, impact, versions, RuleAction.WARN, Severity.WARNING, false);
    }

    public static RuleInfo lint(String id) {
        return new RuleInfo(id, LockMode.NONE, TableImpact.NONE, VersionRange.ALL, RuleAction.WARN,
                Severity.WARNING, true);
    }

    /** Lock and scan hazards vanish on a table nobody else can see yet; compatibility hazards do not. */
    public boolean exemptOnNewTables() {
        return impact != TableImpact.BREAKS_CLIENTS;
    }
}
