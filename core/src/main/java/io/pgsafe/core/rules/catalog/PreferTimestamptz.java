package io.pgsafe.core.rules.catalog;

import java.util.regex.Pattern;

/**
 * {@code timestamp} ({@code without time zone}) stores a wall-clock reading with no zone: the same instant
 * written from sessions with different {@code TimeZone} settings reads back different, and comparisons across
 * daylight-saving changes go wrong. {@code timestamptz} stores the instant (in UTC) and converts on output, at
 * the same 8 bytes. Changing the type later rewrites the table (binary-compatible only when the session
 * time zone is UTC, PostgreSQL 12+). Anchor: squawk {@code prefer-timestamp-tz}.
 */
public final class PreferTimestamptz extends ColumnTypeRule {

    private static final Pattern TIMESTAMP_WITHOUT_ZONE = Pattern.compile("timestamp(\\(\\d+\\))?( without time zone)?");

    public static final String ID = "prefer-timestamptz";

    public PreferTimestamptz() {
        super(ID, "use timestamptz (timestamp with time zone)");
    }

    @Override
    boolean flags(ColumnTypes column) {
        String type = column.baseType();
        // the prefix test spares the regex (and its Matcher) for the many columns of other types, timestamptz
        // included: after "timestamp" the pattern allows only the end, "(" or " "
        return type.startsWith("timestamp")
                && (type.length() == 9 || type.charAt(9) == '(' || type.charAt(9) == ' ')
                && TIMESTAMP_WITHOUT_ZONE.matcher(type).matches();
    }

    @Override
    String message(ColumnTypes column) {
        return column.describe() + " stores a time without its zone: the same instant reads differently under "
                + "different TimeZone settings, and changing the type later rewrites the table";
    }
}
