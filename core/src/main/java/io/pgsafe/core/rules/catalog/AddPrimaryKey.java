package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ADD PRIMARY KEY} builds its index under ACCESS EXCLUSIVE and sets NOT NULL on its columns, which scans
 * the table for NULLs when a column is nullable. {@code PRIMARY KEY USING INDEX} skips the build but not that
 * scan. The rewrite builds the index concurrently and, on 12+, proves the columns NOT NULL first with a
 * validated {@code CHECK (c IS NOT NULL)} (which lets the implicit SET NOT NULL skip its scan).
 */
public final class AddPrimaryKey extends PerActionRule {

    public static final String ID = "add-primary-key";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (action instanceof AddConstraint add && add.kind() == ConstraintKind.PRIMARY_KEY) {
            return add.usingIndex() != null ? usingIndex(alter, add) : build(context, alter, add);
        }
        return null;
    }

    /**
     * USING INDEX: the index's columns are not in the statement, so pgsafe cannot ask whether they are NOT NULL;
     * it reports the possible scan and says how to allow it when they are.
     */
    private Finding usingIndex(AlterTable alter, AddConstraint add) {
        return Finding.of(this, alter.table(), "ADD PRIMARY KEY USING INDEX " + add.usingIndex() + " sets NOT NULL "
                        + "on the index's columns while holding an ACCESS EXCLUSIVE lock on " + alter.table()
                        + "; for a nullable column that means reading every row, and reads and writes wait",
                "make the columns NOT NULL first (ADD CONSTRAINT … CHECK (c IS NOT NULL) NOT VALID, VALIDATE "
                        + "CONSTRAINT in a later transaction, SET NOT NULL, DROP CONSTRAINT — see set-not-null); "
                        + "if they already are, the statement is catalog-only: add -- pgsafe:allow " + ID
                        + " columns are NOT NULL");
    }

    private Finding build(RuleContext context, AlterTable alter, AddConstraint add) {
        QualifiedName table = alter.table();
        String name = ConstraintNames.of(table, add);
        List<String> nullable = add.columns().stream()
                .filter(c -> !context.facts().catalog().columnNotNull(table, c).orElse(false)).toList();
        String message = "ADD PRIMARY KEY builds its index while holding an ACCESS EXCLUSIVE lock on " + table
                + (nullable.isEmpty() ? "" : " and reads every row to set NOT NULL on " + String.join(", ", nullable))
                + ": reads and writes wait until it ends";
        String tail = UniqueIndexFirst.deferrableTail(add);
        String attach = "ALTER TABLE " + table.toSql() + " "
                + UniqueIndexFirst.usingIndex(name, "PRIMARY KEY", tail == null ? "" : tail);
        String fix = (nullable.isEmpty() ? "" : "make " + String.join(", ", nullable) + " NOT NULL first (see "
                + "set-not-null), then ") + UniqueIndexFirst.createIndex(table, name, add.columns())
                + " (outside a transaction), then " + attach + " (a moment of ACCESS EXCLUSIVE)";
        if (context.inTransaction()) {
            return Finding.of(this, table, message, fix + "; "
                    + OutsideTransaction.fix("CREATE UNIQUE INDEX CONCURRENTLY"));
        }
        Finding finding = Finding.of(this, table, message, fix);
        if (tail == null || add.columns().isEmpty() || PgVersions.corruptsConcurrentIndexes(context.version())
                || context.facts().catalog().isPartitioned(table).orElse(false)
                || (!nullable.isEmpty() && !context.atLeast(PgVersions.PG12))) {
            return finding;
        }
        int version = context.version().versionNum();
        List<PlanStep> before = new ArrayList<>();
        List<PlanStep> after = new ArrayList<>();
        for (String column : nullable) {
            String check = ConstraintNames.quote(ConstraintNames.notNullCheck(table, column, version));
            String drop = "ALTER TABLE " + table.toSql() + " DROP CONSTRAINT IF EXISTS " + check;
            before.add(PlanStep.of("ALTER TABLE " + table.toSql() + " ADD CONSTRAINT " + check + " CHECK ("
                    + ConstraintNames.quote(column) + " IS NOT NULL) NOT VALID", "record that " + column
                    + " has no NULL, without a scan (a moment of ACCESS EXCLUSIVE)", drop));
            before.add(PlanStep.of("ALTER TABLE " + table.toSql() + " VALIDATE CONSTRAINT " + check, "prove "
                    + column + " has no NULL under SHARE UPDATE EXCLUSIVE", drop));
            after.add(PlanStep.of("ALTER TABLE " + table.toSql() + " DROP CONSTRAINT " + check,
                    "drop the helper check; NOT NULL now enforces it"));
        }
        before.add(UniqueIndexFirst.buildStep(table, name, add.columns()));
        return finding.withRewrite(new Rewrite(before, UniqueIndexFirst.usingIndex(name, "PRIMARY KEY", tail),
                after));
    }
}
