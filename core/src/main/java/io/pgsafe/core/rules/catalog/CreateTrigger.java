package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
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
 * {@code CREATE TRIGGER} takes SHARE ROW EXCLUSIVE on the table: brief, but it blocks writes while it waits
 * and until the transaction ends (<a href="https://www.postgresql.org/docs/current/sql-createtrigger.html">
 * CREATE TRIGGER</a>); and the trigger then runs on every write. A warning.
 */
public final class CreateTrigger implements Rule {

    public static final String ID = "create-trigger";
    private static final RuleInfo INFO =
            RuleInfo.warning(ID, LockMode.SHARE_ROW_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(ParsedStatement.CreateTrigger.class);

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
        if (!(context.statement() instanceof io.pgsafe.core.model.ParsedStatement.CreateTrigger trigger)
                || trigger.table() == null) {
            return;
        }
        String message = "CREATE TRIGGER " + trigger.name() + " takes a SHARE ROW EXCLUSIVE lock on " + trigger.table()
                + ", blocking every INSERT, UPDATE and DELETE on it until the transaction ends, and adds work to "
                + "every write from then on";
        String fix = "create it in a short transaction of its own, with nothing slow after it (pgsafe sets a lock "
                + "timeout so it cannot queue behind a long query), and keep the trigger function cheap";
        findings.add(Finding.of(this, trigger.table(), message, fix));
    }
}
