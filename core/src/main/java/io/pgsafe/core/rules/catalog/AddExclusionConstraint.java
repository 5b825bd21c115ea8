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
 * {@code ADD EXCLUDE} builds its index under ACCESS EXCLUSIVE, and there is no safe form: an exclusion
 * constraint can neither be built concurrently nor attached with USING INDEX
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a>).
 */
public final class AddExclusionConstraint extends PerActionRule {

    public static final String ID = "add-exclusion-constraint";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (action instanceof AddConstraint add && add.kind() == ConstraintKind.EXCLUDE) {
            return Finding.of(this, alter.table(), "ADD EXCLUDE builds its index while holding an ACCESS "
                            + "EXCLUSIVE lock on " + alter.table() + ": reads and writes wait until the whole build "
                            + "ends, and PostgreSQL has no concurrent form for it",
                    "add the constraint when the table is created or still empty, or in a maintenance window "
                            + "with a short lock_timeout; to enforce it on a live table without the lock, a "
                            + "trigger that checks new rows is the usual stopgap");
        }
        return null;
    }
}
