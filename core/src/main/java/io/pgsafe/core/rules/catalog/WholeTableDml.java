package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.DataChange;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code UPDATE} or {@code DELETE} without WHERE writes every row (a row lock on each, WAL, dead tuples). At
 * runtime the engine judges it only inside a transaction that already holds SHARE or stronger on some table
 * — a backfill in the DDL transaction, which keeps that lock for the whole backfill; in migration files
 * every one is flagged.
 */
public final class WholeTableDml implements Rule {

    public static final String ID = "whole-table-dml";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ROW_EXCLUSIVE, TableImpact.REWRITE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(DataChange.class);

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
        if (!(context.statement() instanceof DataChange change) || change.hasWhere() || change.table() == null) {
            return;
        }
        Map<QualifiedName, LockMode> held = context.facts().transaction().strongLocks();
        String locks = held.entrySet().stream().map(e -> e.getValue().sqlName() + " on " + e.getKey())
                .collect(Collectors.joining(", "));
        String message = change.operation() + " without WHERE writes every row of " + change.table()
                + ", locking each row until the transaction ends"
                + (held.isEmpty() ? "" : ", while this transaction already holds " + locks
                + ", so every query on those tables waits for the whole " + change.operation());
        String t = change.table().toSql();
        String fix = "commit the schema change first, then " + change.operation().toLowerCase(java.util.Locale.ROOT)
                + " in batches, each in its own short transaction (e.g. " + change.operation() + " "
                + ("DELETE".equals(change.operation()) ? "FROM " + t : t + " SET …") + " WHERE <primary key> BETWEEN "
                + "<from> AND <to>, repeated, with a pause between batches)";
        findings.add(Finding.of(this, change.table(), message, fix));
    }
}
