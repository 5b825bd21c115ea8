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
 * Adding a {@code serial}/{@code bigserial} or {@code GENERATED … AS IDENTITY} column to an existing table
 * draws a sequence value for every row: a table rewrite under ACCESS EXCLUSIVE (nextval() is volatile, so no
 * fast default applies).
 */
public final class AddColumnSerial extends PerActionRule {

    public static final String ID = "add-column-serial";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AddColumn add) || !(add.column().serial() || add.column().identity())) {
            return null;
        }
        ColumnDefinition column = add.column();
        String kind = column.identity() ? "an identity column" : "a " + column.type() + " column";
        String plainType = switch (column.type()) {
            case "bigserial", "serial8" -> "bigint";
            case "smallserial", "serial2" -> "smallint";
            case "serial", "serial4" -> "integer";
            default -> column.type();
        };
        String t = alter.table().toSql();
        String c = ColumnSteps.column(column.name());
        String sequence = ColumnSteps.column(alter.table().name() + "_" + column.name() + "_seq");
        String message = "ADD COLUMN " + column.name() + " as " + kind + " fills a sequence value into every row, "
                + "rewriting " + alter.table() + " and its indexes under an ACCESS EXCLUSIVE lock that blocks every "
                + "read and write for as long as the rewrite takes";
        String fix = "CREATE SEQUENCE " + sequence + "; ALTER TABLE " + t + " ADD COLUMN " + c + " " + plainType
                + "; ALTER TABLE " + t + " ALTER COLUMN " + c + " SET DEFAULT nextval('" + sequence + "') (new rows "
                + "only); " + ColumnSteps.backfill(alter.table(), column.name(), "nextval('" + sequence + "')")
                + "; then " + ColumnSteps.notNull(alter.table(), column.name())
                + "; ALTER SEQUENCE " + sequence + " OWNED BY " + t + "." + c;
        return Finding.of(this, alter.table(), message, fix);
    }
}
