package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code varchar(n)} / {@code character varying(n)}: a length limit in the type. In PostgreSQL {@code text},
 * {@code varchar} and {@code varchar(n)} are stored alike and perform alike; the limit only adds a check, and
 * that check is the costly part to change. Widening it ({@code varchar(50)} → {@code varchar(100)}, or to
 * {@code text}) is a catalog-only change since 9.2, but narrowing it, or any change on an older server,
 * rewrites the table under ACCESS EXCLUSIVE; and the limit itself is rarely a real business rule. Use
 * {@code text}, with a {@code CHECK (length(col) <= n)} constraint when a limit is wanted: a constraint can be
 * replaced {@code NOT VALID} and validated without blocking. Anchor: squawk {@code prefer-text-field}.
 * Bare {@code varchar} (no limit) is not flagged.
 */
public final class PreferText implements Rule {

    private static final Pattern LIMITED_VARCHAR = Pattern.compile("(varchar|character varying)\\(.*\\)");

    public static final String ID = "prefer-text";
    private static final RuleInfo INFO = RuleInfo.lint(ID);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(RuleContext context, List<Finding> findings) {
        for (ColumnTypes column : ColumnTypes.of(context.statement())) {
            if (flags(column)) {
                Finding finding = Finding.of(this, column.table(), message(column), FIX);
                findings.add(column.actionIndex() < 0 ? finding : finding.forAction(column.actionIndex()));
            }
        }
    }

    private static final String FIX = "use text, and add CHECK (length(column) <= n) if the limit is a real rule "
            + "(a CHECK can later be replaced NOT VALID and validated without blocking writes)";

    static boolean flags(ColumnTypes column) {
        String type = column.baseType();
        return LIMITED_VARCHAR.matcher(type).matches();
    }

    private static String message(ColumnTypes column) {
        return column.describe() + " limits its length in the type: changing that limit later (narrowing, or "
                + "anything that is not a widening) rewrites the table under an ACCESS EXCLUSIVE lock";
    }
}
