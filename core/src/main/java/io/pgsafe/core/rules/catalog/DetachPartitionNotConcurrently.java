package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
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
 * {@code DETACH PARTITION} takes ACCESS EXCLUSIVE on the partitioned table and the partition: every query on any
 * partition waits. {@code DETACH PARTITION … CONCURRENTLY} (14+) takes SHARE UPDATE EXCLUSIVE on both and runs in
 * two transactions; it must be the only action of its ALTER TABLE, cannot run in a transaction block and is
 * refused when the table has a default partition
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION">DETACH
 * PARTITION</a>). Unlike the plain form it leaves on the detached table a CHECK constraint equal to its old
 * partition bound.
 */
public final class DetachPartitionNotConcurrently implements Rule {

    public static final String ID = "detach-partition-not-concurrently";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(AlterTable.class);

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
        if (!(context.statement() instanceof AlterTable alter)) {
            return;
        }
        for (int i = 0; i < alter.actions().size(); i++) {
            if (!(alter.actions().get(i) instanceof AlterTableAction.DetachPartition detach) || detach.concurrently()
                    || detach.finalizing()) {
                continue;
            }
            String message = "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on " + alter.table() + " and on "
                    + detach.partition() + ": it waits for every running query on the partitioned table, and every "
                    + "query after it, on any partition, waits behind it";
            String concurrent = "ALTER TABLE " + alter.table().toSql() + " DETACH PARTITION "
                    + detach.partition().toSql() + " CONCURRENTLY";
            if (!context.atLeast(PgVersions.PG14)) {
                findings.add(Finding.of(this, alter.table(), message + "; DETACH … CONCURRENTLY needs PostgreSQL 14",
                        "run it with a short lock_timeout at a quiet moment, retrying on timeout; or upgrade to 14 "
                                + "and use " + concurrent).forAction(i));
                continue;
            }
            if (context.inTransaction() || alter.actions().size() > 1) {
                findings.add(Finding.of(this, alter.table(), message, "use " + concurrent + " as a statement of its "
                        + "own and " + OutsideTransaction.fix("DETACH PARTITION … CONCURRENTLY")).forAction(i));
                continue;
            }
            findings.add(Finding.of(this, alter.table(), message, "use " + concurrent)
                    .withRewrite(new Rewrite(List.of(PlanStep.of(concurrent, "detach under SHARE UPDATE EXCLUSIVE",
                            "ALTER TABLE " + alter.table().toSql() + " DETACH PARTITION " + detach.partition().toSql()
                                    + " FINALIZE")), null, List.of()))
                    .forAction(i));
        }
    }
}
