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
        int start = skipTrivia(sql, 0, n);
        int i = start;
        while (i < n && isLetter(sql.charAt(i))) {
            i++;
        }
        int len = i - start;
        if (len < 2 || len > 9 || (i < n && SqlLexer.isIdentContinue(sql.charAt(i)))) {
            return StatementClass.OTHER;
        }
        // Kept small and split by first letter so that HotSpot inlines the common paths (SELECT, INSERT).
        switch (sql.charAt(start) | 0x20) {
            case 'a':
                return startingWithA(sql, start, len);
            case 'b':
                return matchesKeyword(sql, start, len, "begin") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'c':
                return startingWithC(sql, start, len);
            case 'd':
                return startingWithD(sql, start, len);
            case 'e':
                return matchesKeyword(sql, start, len, "end") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 'g':
                return matchesKeyword(sql, start, len, "grant") ? StatementClass.DDL : StatementClass.OTHER;
            case 'l':
                return matchesKeyword(sql, start, len, "lock") ? StatementClass.DDL : StatementClass.OTHER;
            case 'r':
                return startingWithR(sql, start, len);
            case 's':
                return matchesKeyword(sql, start, len, "start") || matchesKeyword(sql, start, len, "savepoint")
                        ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
            case 't':
                return matchesKeyword(sql, start, len, "truncate") ? StatementClass.DDL : StatementClass.OTHER;
            case 'u':
                return matchesKeyword(sql, start, len, "update") ? StatementClass.UPDATE : StatementClass.OTHER;
            case 'v':
                return matchesKeyword(sql, start, len, "vacuum") ? StatementClass.DDL : StatementClass.OTHER;
            default:
                return StatementClass.OTHER;
        }
    }

    private static StatementClass startingWithA(String sql, int start, int len) {
        if (matchesKeyword(sql, start, len, "alter")) {
            return StatementClass.DDL;
        }
        return matchesKeyword(sql, start, len, "abort") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
    }

    private static StatementClass startingWithC(String sql, int start, int len) {
        if (matchesKeyword(sql, start, len, "create") || matchesKeyword(sql, start, len, "cluster") || matchesKeyword(sql, start, len, "comment")) {
            return StatementClass.DDL;
        }
        return matchesKeyword(sql, start, len, "commit") ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
    }

    private static StatementClass startingWithD(String sql, int start, int len) {
        if (matchesKeyword(sql, start, len, "drop")) {
            return StatementClass.DDL;
        }
        return matchesKeyword(sql, start, len, "delete") ? StatementClass.DELETE : StatementClass.OTHER;
    }

    private static StatementClass startingWithR(String sql, int start, int len) {
        if (matchesKeyword(sql, start, len, "reindex") || matchesKeyword(sql, start, len, "refresh") || matchesKeyword(sql, start, len, "revoke")) {
            return StatementClass.DDL;
        }
        return matchesKeyword(sql, start, len, "rollback") || matchesKeyword(sql, start, len, "release")
                ? StatementClass.TRANSACTION_CONTROL : StatementClass.OTHER;
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

    /**
     * ASCII case-insensitive match of a lower-case key word: {@code c | 0x20} lower-cases exactly the ASCII
     * letters, and unlike {@code regionMatches(true, …)} (no intrinsic on JDK 17) costs a few nanoseconds.
     */
    public static boolean matchesKeyword(CharSequence sql, int start, int len, String keyword) {
        if (len != keyword.length()) {
            return false;
        }
        for (int j = 0; j < len; j++) {
            char c = sql.charAt(start + j);
            char k = keyword.charAt(j);
            if (c != k && !(k >= 'a' && k <= 'z' && (c | 0x20) == k)) {
                return false;
            }
        }
        return true;
    }
}
