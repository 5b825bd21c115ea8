package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER COLUMN c SET NOT NULL} holds ACCESS EXCLUSIVE while it reads every row to prove none is NULL.
 * From 12 the scan is skipped when a validated {@code CHECK (c IS NOT NULL)} exists
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL">
 * SET/DROP NOT NULL</a>), so the safe form adds that check NOT VALID, validates it under SHARE UPDATE
 * EXCLUSIVE, sets NOT NULL (a moment) and drops the check.
 */
public final class SetNotNull implements Rule {

    public static final String ID = "set-not-null";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
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
        QualifiedName table = alter.table();
        int version = context.version().versionNum();
        for (int i = 0; i < alter.actions().size(); i++) {
            if (!(alter.actions().get(i) instanceof AlterTableAction.SetNotNull set)) {
                continue;
            }
            String column = set.column();
            String check = ConstraintNames.notNullCheck(table, column, version);
            if (context.atLeast(PgVersions.PG12)
                    && (context.facts().catalog().hasValidatedNotNullCheck(table, column).orElse(false)
                    || context.facts().transaction().validated(table, check))) {
                continue;
            }
            String message = "SET NOT NULL holds an ACCESS EXCLUSIVE lock on " + table + " while it reads every row "
                    + "to prove " + column + " has no NULL: reads and writes wait until the scan ends";
            if (!context.atLeast(PgVersions.PG12)) {
                findings.add(Finding.of(this, table, message + "; before PostgreSQL 12 no constraint lets it skip "
                        + "the scan", "enforce it with ALTER TABLE " + table.toSql() + " ADD CONSTRAINT "
                        + ConstraintNames.quote(check) + " CHECK (" + ConstraintNames.quote(column) + " IS NOT NULL) "
                        + "NOT VALID and a later VALIDATE CONSTRAINT instead, and SET NOT NULL after upgrading to 12 "
                        + "(it then skips the scan), or run it in a maintenance window").forAction(i));
                continue;
            }
            List<String> steps = steps(table, column, check);
            if (context.inTransaction()) {
                findings.add(Finding.of(this, table, message, "in separate transactions: " + steps.get(0)
                        + "; COMMIT; " + steps.get(1) + "; COMMIT; then " + alter.head() + " " + set.text() + " (no "
                        + "scan now) and " + steps.get(2) + "; in one transaction the ACCESS EXCLUSIVE of the ADD "
                        + "would be held through the validation").forAction(i));
                continue;
            }
            String drop = steps.get(2);
            String dropIfExists = "ALTER TABLE " + table.toSql() + " DROP CONSTRAINT IF EXISTS "
                    + ConstraintNames.quote(check);
            findings.add(Finding.of(this, table, message, "add CHECK (" + column + " IS NOT NULL) NOT VALID, "
                    + "VALIDATE it, SET NOT NULL, then drop the check")
                    .withRewrite(new Rewrite(List.of(
                            PlanStep.of(steps.get(0), "record the rule without a scan (a moment of ACCESS "
                                    + "EXCLUSIVE)", dropIfExists),
                            PlanStep.of(steps.get(1), "prove no row is NULL under SHARE UPDATE EXCLUSIVE",
                                    dropIfExists)),
                            set.text(),
                            List.of(PlanStep.of(drop, "drop the helper check; NOT NULL now enforces it"))))
                    .forAction(i));
        }
    }

    private static List<String> steps(QualifiedName table, String column, String check) {
        String alter = "ALTER TABLE " + table.toSql();
        return List.of(alter + " ADD CONSTRAINT " + ConstraintNames.quote(check) + " CHECK ("
                        + ConstraintNames.quote(column) + " IS NOT NULL) NOT VALID",
                NotValidThenValidate.validate(table, check),
                alter + " DROP CONSTRAINT " + ConstraintNames.quote(check));
    }
}
