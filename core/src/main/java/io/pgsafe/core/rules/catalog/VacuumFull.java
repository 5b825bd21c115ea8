package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.Vacuum;
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

/**
 * {@code VACUUM FULL} writes a new copy of the table and its indexes under ACCESS EXCLUSIVE
 * (<a href="https://www.postgresql.org/docs/current/sql-vacuum.html">VACUUM</a>); without a table it does so
 * for every table in the database, one after the other.
 */
public final class VacuumFull implements Rule {

    public static final String ID = "vacuum-full";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(Vacuum.class);

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
        if (!(context.statement() instanceof Vacuum vacuum) || !vacuum.full()) {
            return;
        }
        QualifiedName table = vacuum.tables().isEmpty() ? null : vacuum.tables().get(0);
        String what = table == null ? "every table in the database, one after the other" : String.join(", ",
                vacuum.tables().stream().map(QualifiedName::toString).toList());
        String message = "VACUUM FULL rewrites " + what + " and its indexes under an ACCESS EXCLUSIVE lock, "
                + "blocking every read and write for as long as the copy takes";
        String fix = "use a plain VACUUM (SHARE UPDATE EXCLUSIVE: reads and writes go on) to make dead space "
                + "reusable; to give space back to the operating system, rebuild online with pg_repack or "
                + "pg_squeeze" + (context.atLeast(190000) ? ", or REPACK (CONCURRENTLY)" : "");
        findings.add(Finding.of(this, table, message, fix));
    }
}
