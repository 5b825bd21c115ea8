package io.pgsafe.core.rules.catalog;

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
public final class PreferText extends ColumnTypeRule {

    private static final Pattern LIMITED_VARCHAR = Pattern.compile("(varchar|character varying)\\(.*\\)");

    public static final String ID = "prefer-text";

    public PreferText() {
        super(ID, "use text, and add CHECK (length(column) <= n) if the limit is a real rule "
                + "(a CHECK can later be replaced NOT VALID and validated without blocking writes)");
    }

    @Override
    boolean flags(ColumnTypes column) {
        String type = column.baseType();
        // the prefix test spares the regex (and its Matcher) for the many columns of other types
        return (type.startsWith("varchar(") || type.startsWith("character varying("))
                && LIMITED_VARCHAR.matcher(type).matches();
    }

    @Override
    String message(ColumnTypes column) {
        return column.describe() + " limits its length in the type: changing that limit later (narrowing, or "
                + "anything that is not a widening) rewrites the table under an ACCESS EXCLUSIVE lock";
    }
}
