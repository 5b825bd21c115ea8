package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.Identifiers;
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
 * {@code ADD FOREIGN KEY} without NOT VALID takes SHARE ROW EXCLUSIVE on the table and on the referenced table
 * and keeps both while it checks every existing row: writes to both wait for the whole scan
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT">
 * ADD table_constraint</a>). Rewritten to NOT VALID + VALIDATE CONSTRAINT (9.4+: VALIDATE takes SHARE UPDATE
 * EXCLUSIVE on the table and ROW SHARE on the referenced one).
 *
 * <p>Inline {@code ADD COLUMN c … REFERENCES p}: PostgreSQL skips the validation when the new column has no
 * DEFAULT ({@code transformAlterTableStmt} passes skipValidation to {@code transformFKConstraints}: every row
 * holds NULL, which satisfies any foreign key) and marks the constraint valid at once; the SHARE ROW EXCLUSIVE
 * on the referenced table then lasts only for the catalog change, as does the ACCESS EXCLUSIVE that ADD COLUMN
 * takes anyway. So that form is not this hazard. With a DEFAULT, every row gets the default and PostgreSQL does
 * validate it — a full scan under the ACCESS EXCLUSIVE of ADD COLUMN: that is reported here, with the split
 * as fix (no rewrite: the REFERENCES clause would have to be cut out of the column definition).
 */
public final class AddForeignKeyValidating implements Rule {

    public static final String ID = "add-foreign-key-validating";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.SHARE_ROW_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
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
            AlterTableAction action = alter.actions().get(i);
            if (action instanceof AddConstraint add && add.kind() == ConstraintKind.FOREIGN_KEY && !add.notValid()) {
                findings.add(foreignKey(context, alter, add).forAction(i));
            } else if (action instanceof AlterTableAction.AddColumn column && column.column().references() != null
                    && column.column().defaultExpression() != null) {
                findings.add(inlineWithDefault(alter, column).forAction(i));
            }
        }
    }

    private Finding foreignKey(RuleContext context, AlterTable alter, AddConstraint add) {
        String message = "ADD FOREIGN KEY takes a SHARE ROW EXCLUSIVE lock on " + alter.table() + " and on "
                + add.referencedTable() + " and holds both while it checks every row of " + alter.table()
                + ": INSERT, UPDATE and DELETE on both tables wait until the scan ends";
        String fix = NotValidThenValidate.fix(alter.table(), add);
        if (context.inTransaction()) {
            return Finding.of(this, alter.table(), message, fix);
        }
        if (context.facts().catalog().isPartitioned(alter.table()).orElse(false)
                && !context.atLeast(PgVersions.PG18)) {
            // Before 18, a foreign key on a partitioned table cannot be added NOT VALID.
            return Finding.of(this, alter.table(), message, "add the foreign key NOT VALID on each partition and "
                    + "VALIDATE it there, then add it to " + alter.table() + " (it finds the valid ones and does not "
                    + "scan again)");
        }
        return Finding.of(this, alter.table(), message, "add it NOT VALID and VALIDATE it afterwards")
                .withRewrite(NotValidThenValidate.rewrite(alter.table(), add));
    }

    private Finding inlineWithDefault(AlterTable alter, AlterTableAction.AddColumn add) {
        String column = add.column().name();
        String name = Identifiers.makeObjectName(alter.table().name(), column, ConstraintKind.FOREIGN_KEY.nameLabel());
        return Finding.of(this, alter.table(), "ADD COLUMN " + column + " … DEFAULT … REFERENCES "
                        + add.column().references() + " checks the default of every row of " + alter.table()
                        + " against " + add.column().references() + " while holding ACCESS EXCLUSIVE on "
                        + alter.table() + " (reads and writes wait) and SHARE ROW EXCLUSIVE on "
                        + add.column().references(),
                "add the column without REFERENCES, then ALTER TABLE " + alter.table().toSql() + " ADD CONSTRAINT "
                        + ConstraintNames.quote(name) + " FOREIGN KEY (" + ConstraintNames.quote(column)
                        + ") REFERENCES " + add.column().references().toSql() + " NOT VALID, COMMIT, and VALIDATE "
                        + "CONSTRAINT " + ConstraintNames.quote(name) + " in a separate transaction");
    }
}
