package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.AlterTableAction.AddColumn;
import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code ADD COLUMN … NOT NULL} without a DEFAULT: every existing row would hold NULL, so PostgreSQL scans
 * the table under ACCESS EXCLUSIVE and fails on the first row (SQLSTATE 23502); it only succeeds on an empty
 * table. Identity, serial and generated columns get values and are judged by their own rules.
 */
public final class AddColumnRequired extends PerActionRule {

    public static final String ID = "add-column-required";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AddColumn add)) {
            return null;
        }
        ColumnDefinition column = add.column();
        boolean filled = column.identity() || column.serial() || column.generatedStored() || column.generatedVirtual();
        boolean noDefault = column.defaultExpression() == null
                || "NULL".equalsIgnoreCase(column.defaultExpression().trim());
        if (!column.notNull() || !noDefault || filled) {
            return null;
        }
        String t = alter.table().toSql();
        String c = ColumnSteps.column(column.name());
        String message = "ADD COLUMN " + column.name() + " NOT NULL without a DEFAULT fails with SQLSTATE 23502 as "
                + "soon as " + alter.table() + " has a row, after taking an ACCESS EXCLUSIVE lock that blocks every "
                + "read and write while it checks the rows; and clients that insert without the new column break";
        String fix = "ALTER TABLE " + t + " ADD COLUMN " + c + " " + column.type() + " (nullable); deploy code that "
                + "writes it; " + ColumnSteps.backfill(alter.table(), column.name(), "<value>") + "; then "
                + ColumnSteps.notNull(alter.table(), column.name()) + ". Or, on PostgreSQL 11+, give it a constant "
                + "default: ALTER TABLE " + t + " ADD COLUMN " + c + " " + column.type()
                + " NOT NULL DEFAULT <constant> (no rewrite)";
        return Finding.of(this, alter.table(), message, fix);
    }
}
