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

    /**
     * {@code text} (prose that may quote the statement, e.g. a blocked statement's fix) with every string literal
     * of {@code sql} replaced by {@code ?} wherever it appears. Prose is never lexed itself (its apostrophes and
     * numbers are not SQL); only the statement's own string literals, found by the lexer, are taken out. Numbers
     * stay: they are how a message speaks of sizes, versions and durations.
     */
    public static String withoutLiteralsOf(String text, String sql) {
        if (text == null || sql == null || sql.indexOf('\'') < 0 && sql.indexOf('$') < 0) {
            return text;
        }
        try {
            SqlLexer lexer = new SqlLexer(sql);
            java.util.List<String> literals = new java.util.ArrayList<>();
            while (lexer.next()) {
                if (lexer.kind().isStringLiteral() && lexer.end() - lexer.start() > 2) {
                    literals.add(sql.substring(lexer.start(), lexer.end()));
                }
            }
            literals.sort((a, b) -> b.length() - a.length()); // longer first: one literal may contain another
            String out = text;
            for (String literal : literals) {
                out = out.replace(literal, "?");
            }
            return out;
        } catch (RuntimeException e) {
            return text; // a text the lexer cannot read was not run either; the message is pgsafe's own
        }
    }

    /** {@link #strip} cut to {@code max} characters (blocker queries in events and log lines). */
    public static String strip(String sql, int max) {
        String text = strip(sql);
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
