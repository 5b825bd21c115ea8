package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code ALTER TABLE … RENAME TO}: a brief ACCESS EXCLUSIVE catalog change that breaks every client still
 * using the old name. Exempt when the table was created earlier in the same transaction, which no client can
 * have seen.
 */
public final class RenameTable extends PerActionRule {

    public static final String ID = "rename-table";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.BREAKS_CLIENTS, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AlterTableAction.RenameTable rename) || context.facts().isNewTable(alter.table())) {
            return null;
        }
        String t = alter.table().toSql();
        String to = Identifiers.quoteIfNeeded(rename.to());
        String message = "RENAME TO " + rename.to() + " takes a brief ACCESS EXCLUSIVE lock on " + alter.table()
                + ", and from its commit every running application instance that queries " + alter.table()
                + " fails until it is redeployed";
        String fix = "rename and leave the old name behind as a view in one transaction: ALTER TABLE " + t
                + " RENAME TO " + to + "; CREATE VIEW " + t + " AS SELECT * FROM " + to + " (a simple view is "
                + "updatable, so old code keeps reading and writing); deploy code that uses " + rename.to()
                + "; then DROP VIEW " + t;
        return Finding.of(this, alter.table(), message, fix);
    }
}
