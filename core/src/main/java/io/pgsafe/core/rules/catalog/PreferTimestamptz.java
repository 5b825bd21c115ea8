package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code timestamp} ({@code without time zone}) stores a wall-clock reading with no zone: the same instant
 * written from sessions with different {@code TimeZone} settings reads back different, and comparisons across
 * daylight-saving changes go wrong. {@code timestamptz} stores the instant (in UTC) and converts on output, at
 * the same 8 bytes. Changing the type later rewrites the table (binary-compatible only when the session
 * time zone is UTC, PostgreSQL 12+). Anchor: squawk {@code prefer-timestamp-tz}.
 */
public final class PreferTimestamptz implements Rule {

    private static final Pattern TIMESTAMP_WITHOUT_ZONE = Pattern.compile("timestamp(\\(\\d+\\))?( without time zone)?");

    public static final String ID = "prefer-timestamptz";
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

    private static final String FIX = "use timestamptz (timestamp with time zone)";

    static boolean flags(ColumnTypes column) {
        String type = column.baseType();
        return TIMESTAMP_WITHOUT_ZONE.matcher(type).matches();
    }

    private static String message(ColumnTypes column) {
        return column.describe() + " stores a time without its zone: the same instant reads differently under "
                + "different TimeZone settings, and changing the type later rewrites the table";
    }
}
