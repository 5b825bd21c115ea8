package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code char(n)} / {@code character(n)} (and bare {@code char}, which is {@code char(1)}) pads values with
 * spaces to n characters, compares ignoring those spaces and stores them all: it is never faster than
 * {@code text} and often surprising. Changing it later rewrites the table. The quoted internal type
 * {@code "char"} is a different, one-byte type and is not flagged; {@code character varying} is not char.
 * Anchor: squawk {@code ban-char-field}.
 */
public final class BanCharType implements Rule {

    private static final Pattern CHAR_TYPE = Pattern.compile("(char|character|bpchar)(\\(\\d+\\))?");

    public static final String ID = "ban-char-type";
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

    private static final String FIX = "use text (with a CHECK (length(column) = n) if a fixed length is a real rule)";

    static boolean flags(ColumnTypes column) {
        String type = column.baseType();
        return CHAR_TYPE.matcher(type).matches();
    }

    private static String message(ColumnTypes column) {
        return column.describe() + " is blank-padded to its length: it stores the padding, compares ignoring "
                + "it, and is never faster than text";
    }
}
