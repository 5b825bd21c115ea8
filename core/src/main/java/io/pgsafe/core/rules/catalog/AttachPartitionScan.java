package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ATTACH PARTITION} takes ACCESS EXCLUSIVE on the partition and reads all of it to prove every row fits
 * the bound, unless a valid CHECK constraint on the partition already implies the bound; from 12 it takes only
 * SHARE UPDATE EXCLUSIVE on the partitioned table, before 12 ACCESS EXCLUSIVE there too
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-ATTACH-PARTITION">ATTACH
 * PARTITION</a>). pgsafe cannot see the partition's constraints from the statement, so it warns.
 */
public final class AttachPartitionScan implements Rule {

    public static final String ID = "attach-partition-scan";
    private static final RuleInfo INFO =
            RuleInfo.warning(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
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
            if (!(alter.actions().get(i) instanceof AlterTableAction.AttachPartition attach)) {
                continue;
            }
            QualifiedName partition = attach.partition();
            String parentLock = context.atLeast(PgVersions.PG12) ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
            String message = "ATTACH PARTITION holds an ACCESS EXCLUSIVE lock on " + partition + " (and " + parentLock
                    + " on " + alter.table() + ") while it reads every row of " + partition + " to prove it fits the "
                    + "bound, unless a valid CHECK constraint on " + partition + " already implies the bound";
            String check = ConstraintNames.quote(Identifiers.makeObjectName(partition.name(), "bound", "check"));
            String alterPartition = "ALTER TABLE " + partition.toSql();
            String fix = alterPartition + " ADD CONSTRAINT " + check + " CHECK (" + checkFor(attach.bound())
                    + ") NOT VALID; COMMIT; " + alterPartition + " VALIDATE CONSTRAINT " + check + " (SHARE UPDATE "
                    + "EXCLUSIVE); then " + alter.head() + " " + attach.text() + " (no scan now); then "
                    + alterPartition + " DROP CONSTRAINT " + check;
            findings.add(Finding.of(this, partition, message, fix).forAction(i));
        }
    }

    /** A CHECK expression matching the bound, the partition key written as {@code <key>}. */
    static String checkFor(String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        int values = lower.indexOf("for values");
        if (values < 0) {
            return "<the partition bound as an expression>";
        }
        String bound = action.substring(values + "for values".length()).trim();
        String boundLower = bound.toLowerCase(Locale.ROOT);
        if (boundLower.startsWith("in")) {
            return "<key> IS NOT NULL AND <key> IN " + bound.substring(2).trim();
        }
        int to = boundLower.indexOf(" to ");
        if (boundLower.startsWith("from") && to > 0) {
            return "<key> IS NOT NULL AND <key> >= " + bound.substring(4, to).trim() + " AND <key> < "
                    + bound.substring(to + 4).trim();
        }
        return "<the partition bound " + bound + " as an expression on the key>";
    }
}
