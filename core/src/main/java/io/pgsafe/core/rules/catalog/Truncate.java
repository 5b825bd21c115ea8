package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code TRUNCATE} takes ACCESS EXCLUSIVE on every table it empties, with CASCADE also on every table that
 * references them by foreign key, held until the transaction ends
 * (<a href="https://www.postgresql.org/docs/current/sql-truncate.html">TRUNCATE</a>). A warning, not a block:
 * emptying a staging table is often deliberate, and the lock itself is short once granted.
 */
public final class Truncate implements Rule {

    public static final String ID = "truncate";
    private static final RuleInfo INFO =
            RuleInfo.warning(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(ParsedStatement.Truncate.class);

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
        if (!(context.statement() instanceof io.pgsafe.core.model.ParsedStatement.Truncate truncate)
                || truncate.tables().isEmpty()) {
            return;
        }
        QualifiedName first = truncate.tables().get(0);
        String tables = truncate.tables().stream().map(QualifiedName::toString).collect(Collectors.joining(", "));
        String message = "TRUNCATE takes an ACCESS EXCLUSIVE lock on " + tables
                + (truncate.cascade() ? " and, through CASCADE, on every table that references them by foreign key "
                + "(and empties those too)" : "") + ", blocking every read and write on them until the transaction "
                + "ends";
        String fix = "if the rows must go while the application runs, delete them in batches (DELETE FROM "
                + first.toSql() + " WHERE <primary key> IN (SELECT <primary key> FROM " + first.toSql()
                + " LIMIT 10000), repeated) or truncate in a transaction of its own with nothing after it"
                + (truncate.cascade() ? ", and name every table instead of CASCADE" : "");
        findings.add(Finding.of(this, first, message, fix));
    }
}
