package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.AlterTableAction.AddColumn;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code ADD COLUMN … GENERATED ALWAYS AS (…) STORED} computes and writes the value into every row: a
 * table rewrite under ACCESS EXCLUSIVE. PostgreSQL 18's VIRTUAL generated columns (its default) are computed
 * on read and add no rewrite (<a href="https://www.postgresql.org/docs/current/ddl-generated-columns.html">
 * Generated Columns</a>).
 */
public final class AddColumnStoredGenerated extends PerActionRule {

    public static final String ID = "add-column-stored-generated";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AddColumn add) || !add.column().generatedStored()) {
            return null;
        }
        String t = alter.table().toSql();
        String c = ColumnSteps.column(add.column().name());
        String message = "ADD COLUMN " + add.column().name() + " GENERATED … STORED computes the value for every "
                + "row and rewrites " + alter.table() + " and its indexes under an ACCESS EXCLUSIVE lock, blocking "
                + "every read and write for as long as the rewrite takes";
        String fix = (context.atLeast(PgVersions.PG18) ? "on PostgreSQL 18 make it VIRTUAL (computed on read, no "
                + "rewrite), or " : "") + "add a plain column: ALTER TABLE " + t + " ADD COLUMN " + c + " "
                + add.column().type() + "; keep it filled with a BEFORE INSERT OR UPDATE trigger (or the "
                + "application); " + ColumnSteps.backfill(alter.table(), add.column().name(), "<expression>");
        return Finding.of(this, alter.table(), message, fix);
    }
}
