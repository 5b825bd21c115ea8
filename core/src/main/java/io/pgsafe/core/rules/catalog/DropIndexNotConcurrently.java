package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.DropIndex;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * {@code DROP INDEX} without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table: a moment of catalog
 * work, but queued behind every running query on the table and in front of every new one, reads included
 * (<a href="https://www.postgresql.org/docs/current/sql-dropindex.html">DROP INDEX</a>). The CONCURRENTLY form
 * (9.2+) takes SHARE UPDATE EXCLUSIVE; it drops one index at a time and refuses CASCADE and transaction blocks.
 */
public final class DropIndexNotConcurrently implements Rule {

    public static final String ID = "drop-index-not-concurrently";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(DropIndex.class);

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
        if (!(context.statement() instanceof DropIndex drop) || drop.concurrently()) {
            return;
        }
        String message = "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table of " + drop.indexes().get(0)
                + ": it waits for every running query on that table, and every query after it, SELECTs included, "
                + "waits behind it until it is granted and done";
        if (drop.cascade()) {
            findings.add(Finding.of(this, drop.indexes().get(0), message, "drop what depends on the index first "
                    + "(DROP INDEX CONCURRENTLY refuses CASCADE), then DROP INDEX CONCURRENTLY, outside a "
                    + "transaction"));
            return;
        }
        if (drop.indexes().size() > 1) {
            StringBuilder each = new StringBuilder();
            drop.indexes().forEach(index -> each.append(each.length() == 0 ? "" : "; ")
                    .append("DROP INDEX CONCURRENTLY ").append(drop.ifExists() ? "IF EXISTS " : "")
                    .append(index.toSql()));
            findings.add(Finding.of(this, drop.indexes().get(0), message, "drop each index on its own, outside a "
                    + "transaction (CONCURRENTLY drops one index per statement): " + each));
            return;
        }
        String concurrent = drop.text().substring(0, drop.concurrentlyAt()) + " CONCURRENTLY"
                + drop.text().substring(drop.concurrentlyAt());
        if (context.inTransaction()) {
            findings.add(Finding.of(this, drop.indexes().get(0), message + "; DROP INDEX CONCURRENTLY cannot run "
                    + "inside a transaction block", "use " + concurrent + " and "
                    + OutsideTransaction.fix("DROP INDEX CONCURRENTLY")));
            return;
        }
        findings.add(Finding.of(this, drop.indexes().get(0), message, "use " + concurrent)
                .withRewrite(new Rewrite(List.of(PlanStep.of(concurrent,
                        "drop the index without blocking queries on its table")), null, List.of())));
    }
}
