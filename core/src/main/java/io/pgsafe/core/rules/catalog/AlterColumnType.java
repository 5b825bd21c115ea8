package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.Optional;

/**
 * {@code ALTER COLUMN … TYPE} rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE unless the
 * change is binary-compatible ({@link TypeChange}); a USING clause always means a rewrite. The old type comes
 * from the catalog at runtime; when it is unknown (linting a file) the change is judged unsafe.
 */
public final class AlterColumnType extends PerActionRule {

    public static final String ID = "alter-column-type";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AlterTableAction.AlterColumnType change)) {
            return null;
        }
        Optional<String> current = context.facts().catalog().columnType(alter.table(), change.column());
        boolean utc = context.facts().catalog().sessionTimeZone()
                .map(zone -> zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("Etc/UTC"))
                .orElse(false);
        String why;
        if (change.using() != null) {
            why = "a USING clause recomputes every value";
        } else if (current.isEmpty()) {
            why = "pgsafe cannot see the column's current type here, and only a few changes (varchar to a longer "
                    + "varchar or text, numeric to a larger precision, cidr to inet, …) skip the rewrite";
        } else if (TypeChange.withoutRewrite(current.get(), change.type(), context.version().versionNum(), utc)) {
            return null;
        } else {
            why = current.get() + " to " + change.type() + " is not binary-compatible";
        }
        String message = "ALTER COLUMN " + change.column() + " TYPE " + change.type() + " rewrites " + alter.table()
                + " and rebuilds all its indexes under an ACCESS EXCLUSIVE lock, blocking every read and write for "
                + "as long as that takes: " + why;
        String fix = ColumnSteps.expandMigrateContract(alter.table(), change.column(), change.column() + "_new",
                change.type(), change.using() != null ? change.using() : ColumnSteps.column(change.column()) + "::"
                        + change.type());
        return Finding.of(this, alter.table(), message, fix);
    }
}
