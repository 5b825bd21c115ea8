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
 * {@code ADD COLUMN … DEFAULT <volatile>} rewrites the whole table under ACCESS EXCLUSIVE, computing the
 * default for every row. From PostgreSQL 11 a non-volatile default is stored once in the catalog (a "fast
 * default", no rewrite); before 11 any non-NULL default rewrote
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES">ALTER TABLE notes</a>).
 */
public final class AddColumnVolatileDefault extends PerActionRule {

    public static final String ID = "add-column-volatile-default";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AddColumn add) || add.column().defaultExpression() == null
                || "NULL".equalsIgnoreCase(add.column().defaultExpression().trim())) {
            return null;
        }
        ColumnDefinition column = add.column();
        String why;
        if (!context.atLeast(PgVersions.PG11)) {
            why = "before PostgreSQL 11 any non-NULL default is written into every existing row";
        } else {
            String call = VolatileFunctions.firstVolatileCall(column.defaultExpression(), context.facts().catalog());
            if (call == null) {
                return null;
            }
            why = "the default calls " + call + ", which is volatile, so PostgreSQL computes it for every existing "
                    + "row instead of storing it once in the catalog";
        }
        String message = "ADD COLUMN " + column.name() + " with DEFAULT " + column.defaultExpression()
                + " rewrites " + alter.table() + " and all its indexes under an ACCESS EXCLUSIVE lock, blocking "
                + "every read and write for as long as the rewrite takes: " + why;
        String t = alter.table().toSql();
        String c = ColumnSteps.column(column.name());
        String fix = "add the column without the default: ALTER TABLE " + t + " ADD COLUMN " + c + " "
                + column.type() + "; then ALTER TABLE " + t + " ALTER COLUMN " + c + " SET DEFAULT "
                + column.defaultExpression() + " (new rows only, catalog change); then "
                + ColumnSteps.backfill(alter.table(), column.name(), column.defaultExpression())
                + (column.notNull() ? "; then " + ColumnSteps.notNull(alter.table(), column.name()) : "");
        return Finding.of(this, alter.table(), message, fix);
    }
}
