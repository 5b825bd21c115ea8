package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code DROP COLUMN} only marks the column dropped (no rewrite) under a brief ACCESS EXCLUSIVE lock, but
 * clients that still name it fail, ORMs that list every mapped column in INSERT and SELECT included; indexes
 * and constraints on it go with it. Exempt for a table created in the same transaction.
 */
public final class DropColumn extends PerActionRule {

    public static final String ID = "drop-column";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.BREAKS_CLIENTS, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AlterTableAction.DropColumn drop) || context.facts().isNewTable(alter.table())) {
            return null;
        }
        String message = "DROP COLUMN " + drop.column() + " takes a brief ACCESS EXCLUSIVE lock on " + alter.table()
                + " and drops the indexes and constraints on it" + (drop.cascade() ? " and, with CASCADE, the views "
                + "that use it" : "") + "; every running application instance that still reads or writes "
                + drop.column() + " (an ORM mapping lists it in every INSERT and SELECT) fails from its commit";
        String fix = "stop using " + drop.column() + " in the code first (remove it from the entity or mark it "
                + "ignored, and drop any NOT NULL on it so inserts without it work), deploy that everywhere, then "
                + "run ALTER TABLE " + alter.table().toSql() + " DROP COLUMN " + ColumnSteps.column(drop.column())
                + " with -- pgsafe:allow " + ID + " <reason>";
        return Finding.of(this, alter.table(), message, fix);
    }
}
