package io.pgsafe.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Identifier rules of PostgreSQL: case folding, quoting and the names it makes up for constraints. */
public final class Identifiers {

    /** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** Reserved key words (PostgreSQL's "reserved" category) that must be quoted to serve as names. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
            "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
            "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric",
            "system_user", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
            "variadic", "when", "where", "window", "with");

    private Identifiers() {
    }

    /** PostgreSQL folds only ASCII letters of an unquoted identifier ({@code downcase_identifier}, UTF-8). */
    public static String fold(String unquoted) {
        for (int i = 0; i < unquoted.length(); i++) {
            char c = unquoted.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                StringBuilder out = new StringBuilder(unquoted.length());
                for (int j = 0; j < unquoted.length(); j++) {
                    char d = unquoted.charAt(j);
                    out.append(d >= 'A' && d <= 'Z' ? (char) (d + 32) : d);
                }
                return out.toString();
            }
        }
        return unquoted;
    }

    /** The body of a {@code "quoted"} identifier token, with {@code ""} turned back into one quote. */
    public static String unquote(String quotedToken) {
        return quotedToken.substring(1, quotedToken.length() - 1).replace("\"\"", "\"");
    }

    public static String quoteIfNeeded(String name) {
        if (!name.isEmpty() && isPlain(name) && !RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static boolean isPlain(String name) {
        char first = name.charAt(0);
        if (!((first >= 'a' && first <= 'z') || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name PostgreSQL makes for an object from parts ({@code makeObjectName} in
     * {@code src/backend/commands/indexcmds.c}): {@code name1_name2_label}, the longer of name1 and name2
     * shortened first until the whole fits in 63 bytes.
     */
    public static String makeObjectName(String name1, String name2, String label) {
        int overhead = label == null ? 0 : label.length() + 1;
        int name1Bytes = bytes(name1);
        int name2Bytes = name2 == null ? 0 : bytes(name2);
        if (name2 != null) {
            overhead++;
        }
        int available = MAX_IDENTIFIER_BYTES - overhead;
        while (name1Bytes + name2Bytes > available) {
            if (name1Bytes > name2Bytes) {
                name1Bytes--;
            } else {
                name2Bytes--;
            }
        }
        StringBuilder out = new StringBuilder(clip(name1, name1Bytes));
        if (name2 != null) {
            out.append('_').append(clip(name2, name2Bytes));
        }
        if (label != null) {
            out.append('_').append(label);
        }
        return out.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes that does not cut a character. */
    private static String clip(String s, int maxBytes) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            used += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
