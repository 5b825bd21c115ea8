package io.pgsafe.core.rules.catalog;

import java.util.regex.Pattern;

/**
 * {@code char(n)} / {@code character(n)} (and bare {@code char}, which is {@code char(1)}) pads values with
 * spaces to n characters, compares ignoring those spaces and stores them all: it is never faster than
 * {@code text} and often surprising. Changing it later rewrites the table. The quoted internal type
 * {@code "char"} is a different, one-byte type and is not flagged; {@code character varying} is not char.
 * Anchor: squawk {@code ban-char-field}.
 */
public final class BanCharType extends ColumnTypeRule {

    private static final Pattern CHAR_TYPE = Pattern.compile("(char|character|bpchar)(\\(\\d+\\))?");

    public static final String ID = "ban-char-type";

    public BanCharType() {
        super(ID, "use text (with a CHECK (length(column) = n) if a fixed length is a real rule)");
    }

    @Override
    boolean flags(ColumnTypes column) {
        String type = column.baseType();
        // the prefix test spares the regex (and its Matcher) for the many columns of other types
        return (type.startsWith("char") || type.startsWith("bpchar")) && CHAR_TYPE.matcher(type).matches();
    }

    @Override
    String message(ColumnTypes column) {
        return column.describe() + " is blank-padded to its length: it stores the padding, compares ignoring "
                + "it, and is never faster than text";
    }
}
