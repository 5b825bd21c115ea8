package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * {@code CLUSTER} rewrites the table in index order under ACCESS EXCLUSIVE
 * (<a href="https://www.postgresql.org/docs/current/sql-cluster.html">CLUSTER</a>); without a table, every
 * previously clustered table of the database.
 */
public final class Cluster implements Rule {

    public static final String ID = "cluster";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(ParsedStatement.Cluster.class);

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
        if (!(context.statement() instanceof io.pgsafe.core.model.ParsedStatement.Cluster cluster)) {
            return;
        }
        String what = cluster.table() == null ? "every previously clustered table in the database"
                : cluster.table().toString();
        String message = "CLUSTER rewrites " + what + " and its indexes under an ACCESS EXCLUSIVE lock, blocking "
                + "every read and write for as long as the sort and copy take";
        String fix = "reorder the table online with pg_repack (--order-by or its cluster mode) or pg_squeeze"
                + (context.atLeast(190000) ? ", or REPACK (CONCURRENTLY) … USING INDEX" : "")
                + "; or run CLUSTER in a maintenance window";
        findings.add(Finding.of(this, cluster.table(), message, fix));
    }
}
