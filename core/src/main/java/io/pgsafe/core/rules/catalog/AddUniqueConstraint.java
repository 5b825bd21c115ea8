package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rewrite;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * {@code ADD UNIQUE} (not USING INDEX) builds its index under ACCESS EXCLUSIVE: reads and writes wait for the
 * whole build. Rewritten to a concurrent unique index attached with USING INDEX.
 */
public final class AddUniqueConstraint implements Rule {

    public static final String ID = "add-unique-constraint";
    private static final RuleInfo INFO =
            RuleInfo.rewriting(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.SCAN, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(AlterTable.class);

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
        if (!(context.statement() instanceof AlterTable alter)) {
            return;
        }
        for (int i = 0; i < alter.actions().size(); i++) {
            AlterTableAction action = alter.actions().get(i);
            if (action instanceof AlterTableAction.AddColumn addColumn && addColumn.column().unique()) {
                findings.add(inlineUnique(alter, addColumn).forAction(i));
                continue;
            }
            if (!(action instanceof AddConstraint add) || add.kind() != ConstraintKind.UNIQUE
                    || add.usingIndex() != null || add.columns().isEmpty()) {
                continue;
            }
            String name = ConstraintNames.of(alter.table(), add);
            String create = UniqueIndexFirst.createIndex(alter.table(), name, add.columns());
            String message = "ADD UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock on " + alter.table()
                    + ": reads and writes wait until the whole build ends";
            String tail = UniqueIndexFirst.deferrableTail(add);
            String attach = "ALTER TABLE " + alter.table().toSql() + " "
                    + UniqueIndexFirst.usingIndex(name, "UNIQUE", tail == null ? "" : tail);
            String fix = create + " (outside a transaction), then " + attach + " (a moment of ACCESS EXCLUSIVE)";
            Finding finding = Finding.of(this, alter.table(), message, fix);
            if (context.inTransaction()) {
                finding = Finding.of(this, alter.table(), message, fix + "; "
                        + OutsideTransaction.fix("CREATE UNIQUE INDEX CONCURRENTLY"));
            } else if (tail != null && !PgVersions.corruptsConcurrentIndexes(context.version())
                    && !context.facts().catalog().isPartitioned(alter.table()).orElse(false)) {
                finding = finding.withRewrite(new Rewrite(
                        List.of(UniqueIndexFirst.buildStep(alter.table(), name, add.columns())),
                        UniqueIndexFirst.usingIndex(name, "UNIQUE", tail), List.of()));
            }
            findings.add(finding.forAction(i));
        }
    }

    /**
     * {@code ADD COLUMN c … UNIQUE} builds the unique index over every row under ACCESS EXCLUSIVE too, even
     * though the new column holds only NULLs (or its default). No rewrite: the column must exist first.
     */
    private Finding inlineUnique(AlterTable alter, AlterTableAction.AddColumn addColumn) {
        String column = addColumn.column().name();
        String name = io.pgsafe.core.model.Identifiers.makeObjectName(alter.table().name(), column, "key");
        String withoutUnique = addColumn.text().replaceAll("(?i)\\s+UNIQUE\\b(\\s+NULLS\\s+(NOT\\s+)?DISTINCT)?", "");
        return Finding.of(this, alter.table(), "ADD COLUMN " + column + " … UNIQUE builds a unique index over every "
                        + "row of " + alter.table() + " while holding an ACCESS EXCLUSIVE lock: reads and writes wait "
                        + "until the whole build ends",
                "ALTER TABLE " + alter.table().toSql() + " " + withoutUnique + "; then "
                        + UniqueIndexFirst.createIndex(alter.table(), name, List.of(column))
                        + " (outside a transaction); then ALTER TABLE " + alter.table().toSql() + " "
                        + UniqueIndexFirst.usingIndex(name, "UNIQUE", ""));
    }
}
