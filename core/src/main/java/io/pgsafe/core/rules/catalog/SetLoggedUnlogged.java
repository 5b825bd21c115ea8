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
 * {@code SET LOGGED}, {@code SET UNLOGGED} and (PostgreSQL 15+) {@code SET ACCESS METHOD} rewrite the table
 * under ACCESS EXCLUSIVE; SET LOGGED also writes the whole table to WAL
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a>).
 */
public final class SetLoggedUnlogged extends PerActionRule {

    public static final String ID = "set-logged-unlogged";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    Finding check(RuleContext context, AlterTable alter, AlterTableAction action) {
        String what;
        if (action instanceof AlterTableAction.SetLogged logged) {
            what = logged.logged() ? "SET LOGGED (which also writes the whole table to WAL)" : "SET UNLOGGED";
        } else if (action instanceof AlterTableAction.SetAccessMethod method) {
            what = "SET ACCESS METHOD " + method.method();
        } else {
            return null;
        }
        String message = what + " rewrites " + alter.table() + " and its indexes under an ACCESS EXCLUSIVE lock, "
                + "blocking every read and write for as long as the rewrite takes";
        String fix = "create the new table in the wanted form (CREATE [UNLOGGED] TABLE … (LIKE " + alter.table().toSql()
                + " INCLUDING ALL)), copy the rows in batches while a trigger carries new writes over, then swap the "
                + "names in one short transaction; or run it in a maintenance window";
        return Finding.of(this, alter.table(), message, fix);
    }
}
