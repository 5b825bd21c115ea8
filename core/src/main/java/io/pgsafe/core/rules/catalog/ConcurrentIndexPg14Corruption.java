package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL 14.0 to 14.3 can build or rebuild an index CONCURRENTLY that misses rows updated during the build:
 * silent corruption, found later by amcheck or wrong query results
 * (<a href="https://www.postgresql.org/docs/release/14.4/">14.4 release notes</a>). Not a lock hazard: refused
 * on those versions however small the table.
 */
public final class ConcurrentIndexPg14Corruption implements Rule {

    public static final String ID = "concurrent-index-pg14-corruption";
    private static final RuleInfo INFO = RuleInfo.blocking(ID, LockMode.SHARE_UPDATE_EXCLUSIVE,
            TableImpact.BREAKS_CLIENTS, new VersionRange(PgVersions.PG14, PgVersions.PG14_4));
    private static final Set<Class<? extends ParsedStatement>> JUDGES =
            Set.of(ParsedStatement.CreateIndex.class, ParsedStatement.Reindex.class);

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
        ParsedStatement statement = context.statement();
        boolean concurrentBuild = statement instanceof ParsedStatement.CreateIndex create && create.concurrently()
                || statement instanceof ParsedStatement.Reindex reindex && reindex.concurrently();
        if (!concurrentBuild || !PgVersions.corruptsConcurrentIndexes(context.version())) {
            return;
        }
        String what = statement instanceof ParsedStatement.CreateIndex ? "CREATE INDEX CONCURRENTLY"
                : "REINDEX CONCURRENTLY";
        findings.add(Finding.of(this, StatementLocks.tableOf(statement), what + " on PostgreSQL "
                        + context.version() + " can silently build an index that misses rows changed during the "
                        + "build (a bug of 14.0 to 14.3), corrupting query results",
                "upgrade to PostgreSQL 14.4 or later; then check existing indexes built or rebuilt concurrently with "
                        + "amcheck (bt_index_check with heapallindexed) and REINDEX the corrupt ones"));
    }
}
