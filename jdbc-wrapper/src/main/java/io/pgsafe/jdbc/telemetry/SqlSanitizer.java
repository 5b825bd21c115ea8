package io.pgsafe.jdbc.telemetry;

import io.pgsafe.core.sql.SqlLexer;
import io.pgsafe.core.sql.TokenKind;

/**
 * {@code db.query.text} without values: every string, escape/unicode/bit/hex string, dollar-quoted string and
 * number literal becomes {@code ?}, and comments (which may hold values or an allow comment's reason) become one
 * space. Read with core's lexer, so quoting follows PostgreSQL's scanner. Identifiers, key words, operators and
 * {@code $n}/{@code ?} parameters stay.
 */
public final class SqlSanitizer {
    private static final int MAX = 2_000;

    private SqlSanitizer() {
    }

    /** The text with literals replaced by {@code ?}, at most about 2,000 characters; never null. */
    public static String strip(String sql) {
        if (sql == null) {
            return "";
        }
        try {
            SqlLexer lexer = new SqlLexer(sql);
            StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX) + 8);
            while (lexer.next() && out.length() < MAX) {
                TokenKind kind = lexer.kind();
                if (kind.isStringLiteral() || kind == TokenKind.NUMBER) {
                    out.append('?');
                } else if (kind.isComment()) {
                    if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                        out.append(' ');
                    }
                } else if (kind == TokenKind.WHITESPACE) {
                    if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                        out.append(' ');
                    }
                } else {
                    out.append(sql, lexer.start(), lexer.end());
                }
            }
            String text = out.toString().strip();
            return out.length() >= MAX ? text + " …" : text;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** {@link #strip} cut to {@code max} characters (blocker queries in events and log lines). */
    public static String strip(String sql, int max) {
        String text = strip(sql);
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
