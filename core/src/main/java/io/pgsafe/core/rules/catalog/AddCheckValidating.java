package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code ADD CHECK} without NOT VALID holds ACCESS EXCLUSIVE on the table while it checks every row: reads and
 * writes wait for the whole scan. NOT VALID (9.2+) + VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE) does the same
 * with the strong lock held only for the catalog change
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT">
 * VALIDATE CONSTRAINT</a>).
 */
public final class AddCheckValidating extends PerActionRule {

    public static final String ID = "add-check-validating";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AddConstraint add) || add.kind() != ConstraintKind.CHECK || add.notValid()) {
            return null;
        }
        String message = "ADD CHECK holds an ACCESS EXCLUSIVE lock on " + alter.table() + " while it checks "
                + "every row: reads and writes wait until the scan ends";
        Finding finding = context.inTransaction()
                ? Finding.of(this, alter.table(), message, NotValidThenValidate.fix(alter.table(), add))
                : Finding.of(this, alter.table(), message, "add it NOT VALID and VALIDATE it afterwards")
                        .withRewrite(NotValidThenValidate.rewrite(alter.table(), add));
        return finding;
    }
}
