package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.RefreshMaterializedView;
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
 * {@code REFRESH MATERIALIZED VIEW} without CONCURRENTLY recomputes the view under ACCESS EXCLUSIVE: even
 * SELECTs on it wait. CONCURRENTLY takes EXCLUSIVE (reads go on) but needs a unique index on the view, which
 * pgsafe cannot see from the statement — so a warning with the fix, not a rewrite
 * (<a href="https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html">REFRESH MATERIALIZED VIEW</a>).
 */
public final class RefreshMatviewNotConcurrently implements Rule {

    public static final String ID = "refresh-matview-not-concurrently";
    private static final RuleInfo INFO =
            RuleInfo.warning(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(RefreshMaterializedView.class);

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
        if (!(context.statement() instanceof RefreshMaterializedView refresh) || refresh.concurrently()
                || refresh.withNoData() || refresh.view() == null) { // no view named: the server rejects it
            return;
        }
        String v = refresh.view().toSql();
        String message = "REFRESH MATERIALIZED VIEW " + refresh.view() + " recomputes the view under an ACCESS "
                + "EXCLUSIVE lock, so even SELECTs on it wait for the whole query behind it";
        String fix = "make sure the view has a unique index on plain columns (CREATE UNIQUE INDEX CONCURRENTLY … ON "
                + v + " (<key columns>)) and use REFRESH MATERIALIZED VIEW CONCURRENTLY " + v + " (EXCLUSIVE: reads "
                + "go on)";
        findings.add(Finding.of(this, refresh.view(), message, fix));
    }
}
