package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.Reindex;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * {@code REINDEX} without CONCURRENTLY holds SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each
 * index it rebuilds (queries that would use it wait, reads included) for the whole rebuild
 * (<a href="https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY">Rebuilding
 * Indexes Concurrently</a>). {@code REINDEX … CONCURRENTLY} exists from 12, not for SYSTEM.
 */
public final class ReindexNotConcurrently implements Rule {

    public static final String ID = "reindex-not-concurrently";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(Reindex.class);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public Set<Class<? extends ParsedStatement>> judges() {
        return JUDGES;
    }

    @Override
    public void check(RuleContext context, List<Finding> findings) {
        if (!(context.statement() instanceof Reindex reindex) || reindex.concurrently()
                || "SYSTEM".equals(reindex.target()) || reindex.concurrentlyAt() < 0) {
            return;
        }
        String what = "REINDEX " + reindex.target() + " " + reindex.name();
        String message = what + " holds a SHARE lock on the table (every INSERT, UPDATE and DELETE waits) and an "
                + "ACCESS EXCLUSIVE lock on each index it rebuilds (queries that use it wait, reads included) until "
                + "the rebuild ends";
        if (!context.atLeast(PgVersions.PG12)) {
            findings.add(Finding.of(this, reindex.name(), message + "; REINDEX CONCURRENTLY needs PostgreSQL 12",
                    "build a replacement with CREATE INDEX CONCURRENTLY under a new name, DROP INDEX CONCURRENTLY "
                            + "the old one and ALTER INDEX … RENAME the new one to the old name (each outside a "
                            + "transaction), or run the REINDEX in a maintenance window"));
            return;
        }
        String concurrent = reindex.text().substring(0, reindex.concurrentlyAt()) + " CONCURRENTLY"
                + reindex.text().substring(reindex.concurrentlyAt());
        if (PgVersions.corruptsConcurrentIndexes(context.version())) {
            findings.add(Finding.of(this, reindex.name(), message, "upgrade to PostgreSQL 14.4 or later before "
                    + "rebuilding indexes CONCURRENTLY (14.0 to 14.3 can corrupt them), or REINDEX in a "
                    + "maintenance window"));
            return;
        }
        if (context.inTransaction()) {
            findings.add(Finding.of(this, reindex.name(), message, "use " + concurrent + " and "
                    + OutsideTransaction.fix("REINDEX CONCURRENTLY")));
            return;
        }
        // SCHEMA and DATABASE: the concurrent form skips the system catalogs the plain one rebuilds, so it is
        // not the same work; pgsafe names it in the fix and leaves the choice to the user.
        if (!"INDEX".equals(reindex.target()) && !"TABLE".equals(reindex.target())) {
            findings.add(Finding.of(this, reindex.name(), message, "use " + concurrent + ", outside a transaction "
                    + "(it skips system catalogs, which cannot be rebuilt concurrently)"));
            return;
        }
        findings.add(Finding.of(this, reindex.name(), message, "use " + concurrent)
                .withRewrite(new Rewrite(List.of(PlanStep.of(concurrent,
                        "rebuild without blocking reads or writes")), null, List.of())));
    }
}
