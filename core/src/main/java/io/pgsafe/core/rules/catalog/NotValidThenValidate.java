package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import java.util.List;

/**
 * The two-step form of a validating constraint: {@code ADD CONSTRAINT … NOT VALID} (catalog only, a moment
 * under the strong lock) and then {@code VALIDATE CONSTRAINT} (the scan, under SHARE UPDATE EXCLUSIVE, which
 * lets reads and writes go on). It must be two transactions: in one, the strong lock of the ADD is held through
 * the scan (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES">ALTER
 * TABLE notes</a>).
 */
final class NotValidThenValidate {

    private NotValidThenValidate() {
    }

    /** The replacement action and the VALIDATE after the statement, the constraint named as PostgreSQL would. */
    static Rewrite rewrite(QualifiedName table, AddConstraint add) {
        String name = ConstraintNames.of(table, add);
        return new Rewrite(List.of(), addNotValid(name, add),
                List.of(PlanStep.of(validate(table, name), "check the existing rows under SHARE UPDATE EXCLUSIVE, "
                        + "which lets reads and writes go on")));
    }

    static String addNotValid(String name, AddConstraint add) {
        return "ADD CONSTRAINT " + ConstraintNames.quote(name) + " " + add.definitionText() + " NOT VALID";
    }

    static String validate(QualifiedName table, String name) {
        return "ALTER TABLE " + table.toSql() + " VALIDATE CONSTRAINT " + ConstraintNames.quote(name);
    }

    /** The fix where the rewrite cannot apply (inside a transaction): the same steps, in two transactions. */
    static String fix(QualifiedName table, AddConstraint add) {
        String name = ConstraintNames.of(table, add);
        return "add it as ALTER TABLE " + table.toSql() + " " + addNotValid(name, add) + " and COMMIT; then, in a "
                + "separate transaction (a later migration), " + validate(table, name) + ", which scans under SHARE "
                + "UPDATE EXCLUSIVE; both in one transaction would hold the strong lock of the ADD through the scan";
    }
}
