package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import java.util.List;
import java.util.Set;

/**
 * A lint-only rule about the type a column is declared with, in CREATE TABLE or ALTER TABLE … ADD COLUMN:
 * one finding per column it {@link #flags}.
 */
abstract class ColumnTypeRule implements Rule {

    /** The statements that declare column types, as {@link ColumnTypes#of} reads them. */
    private static final Set<Class<? extends ParsedStatement>> JUDGES =
            Set.of(ParsedStatement.CreateTable.class, ParsedStatement.AlterTable.class);

    private final RuleInfo info;
    private final String fix;

    ColumnTypeRule(String id, String fix) {
        this.info = RuleInfo.lint(id);
        this.fix = fix;
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final Set<Class<? extends ParsedStatement>> judges() {
        return JUDGES;
    }

    @Override
    public final void check(RuleContext context, List<Finding> findings) {
        List<ColumnTypes> columns = ColumnTypes.of(context.statement());
        for (int i = 0; i < columns.size(); i++) { // indexed: no iterator per rule and statement
            ColumnTypes column = columns.get(i);
            if (flags(column)) {
                Finding finding = Finding.of(this, column.table(), message(column), fix);
                findings.add(column.actionIndex() < 0 ? finding : finding.forAction(column.actionIndex()));
            }
        }
    }

    abstract boolean flags(ColumnTypes column);

    /** What is wrong with this column's type, naming the column. */
    abstract String message(ColumnTypes column);
}
