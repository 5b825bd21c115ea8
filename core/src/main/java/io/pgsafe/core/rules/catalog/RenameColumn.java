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
 * {@code RENAME COLUMN} is a brief ACCESS EXCLUSIVE catalog change, but every running client that names the
 * old column fails from the moment it commits. A table created earlier in the same transaction is exempt
 * here (the engine does not exempt compatibility hazards): nobody outside the transaction can see it, so no
 * client can be using the old name yet.
 */
public final class RenameColumn extends PerActionRule {

    public static final String ID = "rename-column";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.BREAKS_CLIENTS, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AlterTableAction.RenameColumn rename) || context.facts().isNewTable(alter.table())) {
            return null;
        }
        String message = "RENAME COLUMN " + rename.from() + " TO " + rename.to() + " takes a brief ACCESS EXCLUSIVE "
                + "lock on " + alter.table() + ", and from its commit every running application instance that "
                + "reads or writes " + rename.from() + " fails until it is redeployed";
        String fix = ColumnSteps.expandMigrateContract(alter.table(), rename.from(), rename.to(), "<same type>",
                ColumnSteps.column(rename.from()));
        return Finding.of(this, alter.table(), message, fix);
    }
}
