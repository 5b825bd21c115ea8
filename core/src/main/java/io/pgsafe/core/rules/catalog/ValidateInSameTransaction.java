package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
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
 * VALIDATE CONSTRAINT of a constraint added NOT VALID earlier in the same transaction: the ADD took SHARE ROW
 * EXCLUSIVE (foreign key) or ACCESS EXCLUSIVE (CHECK) and a transaction keeps its locks until it ends, so the
 * validation scan runs under that strong lock — NOT VALID saved nothing.
 */
public final class ValidateInSameTransaction implements Rule {

    public static final String ID = "validate-in-same-transaction";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.SHARE_ROW_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
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
        if (!context.inTransaction() || !(context.statement() instanceof AlterTable alter)) {
            return;
        }
        for (int i = 0; i < alter.actions().size(); i++) {
            if (!(alter.actions().get(i) instanceof AlterTableAction.ValidateConstraint validate)
                    || !context.facts().transaction().addedNotValid(alter.table(), validate.name())) {
                continue;
            }
            LockMode held = context.facts().transaction().strongLocks().get(alter.table());
            String lock = held == null ? "the SHARE ROW EXCLUSIVE or ACCESS EXCLUSIVE lock" : "the " + held.sqlName()
                    + " lock";
            findings.add(Finding.of(this, alter.table(), "VALIDATE CONSTRAINT " + validate.name() + " runs in the "
                            + "transaction that added it NOT VALID, so " + lock + " the ADD took on " + alter.table()
                            + " is held through the whole validation scan, and until COMMIT",
                    "COMMIT after ADD CONSTRAINT " + validate.name() + " … NOT VALID and run " + validate.text()
                            + " in a separate transaction (a later migration, or one with executeInTransaction="
                            + "false / runInTransaction:false)").forAction(i));
        }
    }
}
