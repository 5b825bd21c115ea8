package io.pgsafe.core.sql;

/**
 * The hot-path check run on every statement an application sends: it skips leading whitespace, comments and
 * opening parentheses, reads the first key word and compares it, allocating nothing.
 */
public final class StatementClassifier {

    private StatementClassifier() {
    }

    public static StatementClass classify(String sql) {
        int n = sql.length();
        int i = skipTrivia(sql, 0, n);
        int start = i;
        while (i < n && isLetter(sql.charAt(i))) {
            i++;
        }
        int len = i - start;
        if (len < 2 || len > 9 || (i < n && SqlLexer.isIdentContinue(sql.charAt(i)))) {
            return StatementClass.OTHER;
        }
        switch (Character.toLowerCase(sql.charAt(start))) {
            case 'a':
                if (kw(sql, start, len, "alter")) {
                    return StatementClass.DDL;
                }
                return kw(sql, start, len, "abort") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'b':
                return kw(sql, start, len, "begin") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'c':
                if (kw(sql, start, len, "create") || kw(sql, start, len, "cluster") || kw(sql, start, len, "comment")) {
                    return StatementClass.DDL;
                }
                return kw(sql, start, len, "commit") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'd':
                if (kw(sql, start, len, "drop")) {
                    return StatementClass.DDL;
                }
                return kw(sql, start, len, "delete") ? StatementClass.DELETE : StatementClass.OTHER;
            case 'e':
                return kw(sql, start, len, "end") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'g':
                return kw(sql, start, len, "grant") ? StatementClass.DDL : StatementClass.OTHER;
            case 'l':
                return kw(sql, start, len, "lock") ? StatementClass.DDL : StatementClass.OTHER;
            case 'r':
                if (kw(sql, start, len, "reindex") || kw(sql, start, len, "refresh") || kw(sql, start, len, "revoke")) {
                    return StatementClass.DDL;
                }
                return kw(sql, start, len, "rollback") || kw(sql, start, len, "release")
                        ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 's':
                return kw(sql, start, len, "start") || kw(sql, start, len, "savepoint")
                        ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 't':
                return kw(sql, start, len, "truncate") ? StatementClass.DDL : StatementClass.OTHER;
            case 'u':
                return kw(sql, start, len, "update") ? StatementClass.UPDATE : StatementClass.OTHER;
            case 'v':
                return kw(sql, start, len, "vacuum") ? StatementClass.DDL : StatementClass.OTHER;
            default:
                return StatementClass.OTHER;
        }
    }

    /**
     * Whether {@code sql} may hold more than one statement, which the first key word alone cannot judge: true
     * when a semicolon is followed by anything but whitespace. A semicolon inside a literal makes this say
     * true too; the caller then splits properly.
     */
    public static boolean mayHoldSeveralStatements(String sql) {
        int semicolon = sql.indexOf(';');
        if (semicolon < 0) {
            return false;
        }
        for (int i = semicolon + 1, n = sql.length(); i < n; i++) {
            if (!SqlLexer.isWhitespace(sql.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int skipTrivia(String sql, int from, int n) {
        int i = from;
        while (i < n) {
            char c = sql.charAt(i);
            if (SqlLexer.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i += 2;
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i + 2, n);
            } else {
                break;
            }
        }
        return i;
    }

    private static int skipBlockComment(String sql, int from, int n) {
        int depth = 1;
        int i = from;
        while (i < n && depth > 0) {
            if (sql.charAt(i) == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                depth--;
                i += 2;
            } else if (sql.charAt(i) == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else {
                i++;
            }
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean kw(String sql, int start, int len, String keyword) {
        return len == keyword.length() && sql.regionMatches(true, start, keyword, 0, len);
    }
}
