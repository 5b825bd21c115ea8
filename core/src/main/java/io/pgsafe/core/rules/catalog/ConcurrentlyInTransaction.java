package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
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
 * CONCURRENTLY forms (CREATE/DROP INDEX, REINDEX, DETACH PARTITION) fail inside a transaction block with
 * SQLSTATE 25001 — also when a tool sends them with other statements in one string, which PostgreSQL runs
 * as an implicit transaction. Blocked before it reaches the server, with the fix for each migration tool.
 */
public final class ConcurrentlyInTransaction implements Rule {

    public static final String ID = "concurrently-in-transaction";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES =
            Set.of(ParsedStatement.CreateIndex.class, ParsedStatement.DropIndex.class, ParsedStatement.Reindex.class,
                    ParsedStatement.AlterTable.class);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    /**
     * The kinds with a CONCURRENTLY form that cannot run in a transaction block
     * ({@link StatementLocks#canRunInTransaction}), VACUUM aside.
     */
    @Override
    public Set<Class<? extends ParsedStatement>> judges() {
        return JUDGES;
    }

    @Override
    public void check(RuleContext context, List<Finding> findings) {
        ParsedStatement statement = context.statement();
        if (!context.inTransaction() || StatementLocks.canRunInTransaction(statement)
                || statement instanceof ParsedStatement.Vacuum) {
            return;
        }
        String summary = statement.summary();
        String what = summary.substring(0, Math.max(summary.lastIndexOf(' '), 0)) + " … CONCURRENTLY";
        if (statement instanceof ParsedStatement.AlterTable alter && alter.actions().stream()
                .anyMatch(a -> a instanceof AlterTableAction.DetachPartition)) {
            what = "DETACH PARTITION … CONCURRENTLY";
        }
        findings.add(Finding.of(this, StatementLocks.tableOf(statement),
                what + " cannot run inside a transaction block: PostgreSQL would reject it with SQLSTATE 25001 and "
                        + "fail the whole migration", OutsideTransaction.fix(what)));
    }
}
