package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.CreateIndex;
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
 * {@code CREATE INDEX} without CONCURRENTLY holds SHARE on the table for the whole build: every INSERT,
 * UPDATE and DELETE waits (<a href="https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY">
 * Building Indexes Concurrently</a>). Rewritten to CONCURRENTLY where the context allows it.
 */
public final class CreateIndexNotConcurrently implements Rule {

    public static final String ID = "create-index-not-concurrently";
    private static final RuleInfo INFO = RuleInfo.rewriting(ID, LockMode.SHARE, TableImpact.SCAN, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(CreateIndex.class);

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
        if (!(context.statement() instanceof CreateIndex index) || index.concurrently() || index.table() == null) {
            return; // (no table named: the server rejects the statement)
        }
        String message = "CREATE INDEX takes a SHARE lock on " + index.table() + " for the whole index build, "
                + "so every INSERT, UPDATE and DELETE on it waits until the build ends";
        String concurrent = concurrentForm(index);
        if (context.facts().catalog().isPartitioned(index.table()).orElse(false)) {
            findings.add(Finding.of(this, index.table(), message + "; " + index.table() + " is partitioned, and "
                    + "PostgreSQL cannot build an index CONCURRENTLY on a partitioned table",
                    "create the index ON ONLY " + index.table() + " (it stays invalid), then for each partition "
                            + "CREATE INDEX CONCURRENTLY on the partition and ALTER INDEX <parent index> ATTACH "
                            + "PARTITION <partition index>; the parent index becomes valid when every partition "
                            + "has one"));
            return;
        }
        if (PgVersions.corruptsConcurrentIndexes(context.version())) {
            findings.add(Finding.of(this, index.table(), message,
                    "upgrade to PostgreSQL 14.4 or later before building indexes CONCURRENTLY (14.0 to 14.3 can "
                            + "corrupt them), or build it in a maintenance window"));
            return;
        }
        if (context.inTransaction()) {
            findings.add(Finding.of(this, index.table(), message + "; CREATE INDEX CONCURRENTLY cannot run "
                            + "inside a transaction block", "use " + concurrent + " and "
                            + OutsideTransaction.fix("CREATE INDEX CONCURRENTLY")));
            return;
        }
        String cleanup = index.name() == null ? null
                : "DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndexName(index);
        findings.add(Finding.of(this, index.table(), message, "use " + concurrent)
                .withRewrite(rewrite(concurrent, cleanup)));
    }

    private static Rewrite rewrite(String concurrent, String cleanup) {
        return new Rewrite(List.of(PlanStep.of(concurrent, "build the index without blocking writes", cleanup)),
                null, List.of());
    }

    /** The statement with CONCURRENTLY after INDEX; everything else (UNIQUE, USING, WHERE, …) kept as written. */
    static String concurrentForm(CreateIndex index) {
        return index.text().substring(0, index.concurrentlyAt()) + " CONCURRENTLY"
                + index.text().substring(index.concurrentlyAt());
    }

    private static String qualifiedIndexName(CreateIndex index) {
        String name = Identifiers.quoteIfNeeded(index.name());
        return index.table().schema() == null ? name : Identifiers.quoteIfNeeded(index.table().schema()) + "." + name;
    }
}
