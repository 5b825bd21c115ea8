package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;

/**
 * {@code SET TABLESPACE} copies every data file of the table (or index, or materialized view) to the new
 * tablespace under ACCESS EXCLUSIVE.
 */
public final class SetTablespace extends PerActionRule {

    public static final String ID = "set-tablespace";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    boolean appliesTo(String objectType) {
        return "TABLE".equals(objectType) || "MATERIALIZED VIEW".equals(objectType) || "INDEX".equals(objectType);
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        if (!(action instanceof AlterTableAction.SetTablespace move)) {
            return null;
        }
        String message = "SET TABLESPACE " + move.tablespace() + " copies all of " + alter.table() + " to the new "
                + "tablespace under an ACCESS EXCLUSIVE lock, blocking every read and write for as long as the copy "
                + "takes";
        String fix = "move it online with pg_repack --tablespace " + move.tablespace() + " (it copies under weak "
                + "locks and swaps at the end), or in a maintenance window";
        return Finding.of(this, alter.table(), message, fix);
    }
}
