package io.pgsafe.core.engine;

import io.pgsafe.core.sql.SqlLexer;
import io.pgsafe.core.sql.SqlStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The escape hatch: {@code -- pgsafe:allow <rule-id>[,<rule-id>…] <reason>} (or the same in a block
 * comment) before or inside a statement allows those rules for that statement, and the reason is kept.
 */
public final class AllowComments {

    private static final Pattern ALLOW = Pattern.compile(
            "pgsafe:allow\\s+([A-Za-z0-9_-]+(?:\\s*,\\s*[A-Za-z0-9_-]+)*)(.*)", Pattern.DOTALL);

    private static final String MARKER = "pgsafe:allow";

    private AllowComments() {
    }

    /** Rule id to reason ("" when none was given), for every allow comment of the statement. */
    public static Map<String, String> of(SqlStatement statement) {
        boolean inText = statement.text().contains(MARKER);
        if (!inText && !anyContainsMarker(statement.leadingComments())) {
            return Map.of(); // what nearly every statement has: no allow comment to read
        }
        Map<String, String> allowed = new LinkedHashMap<>();
        for (String comment : statement.leadingComments()) {
            read(comment, allowed);
        }
        if (inText) {
            SqlLexer lexer = new SqlLexer(statement.text());
            while (lexer.next()) {
                if (lexer.kind().isComment()) {
                    read(statement.text().substring(lexer.start(), lexer.end()), allowed);
                }
            }
        }
        return allowed;
    }

    private static boolean anyContainsMarker(List<String> comments) {
        for (int i = 0; i < comments.size(); i++) {
            if (comments.get(i).contains(MARKER)) {
                return true;
            }
        }
        return false;
    }

    private static void read(String comment, Map<String, String> allowed) {
        String body = comment.startsWith("--") ? comment.substring(2)
                : comment.substring(2, Math.max(2, comment.length() - 2));
        Matcher m = ALLOW.matcher(body.strip());
        if (m.matches()) {
            String reason = m.group(2).strip();
            for (String id : m.group(1).split("\\s*,\\s*")) {
                allowed.put(id.strip(), reason);
            }
        }
    }
}
