package io.pgsafe.core.parse;

import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import java.util.List;
import java.util.Locale;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table [USING m] (…) …} and
 * {@code DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, …] [CASCADE|RESTRICT]}.
 */
final class CreateIndexParser {

    private CreateIndexParser() {
    }

    /** At UNIQUE or INDEX after CREATE. */
    static ParsedStatement parse(TokenCursor in) {
        boolean unique = in.accept("unique");
        if (!in.accept("index")) {
            return null;
        }
        int concurrentlyAt = in.endOfPrevious();
        boolean concurrently = in.accept("concurrently");
        boolean ifNotExists = in.accept("if", "not", "exists");
        String name = in.peek("on") ? null : in.identifier();
        if (!in.accept("on")) {
            return null;
        }
        boolean only = in.accept("only");
        QualifiedName table = in.qualifiedName();
        String method = in.accept("using") ? in.identifier().toLowerCase(Locale.ROOT) : null;
        List<String> columns = in.columnList();
        return new ParsedStatement.CreateIndex(in.text(), name, table, unique, concurrently, ifNotExists, only,
                method, columns, concurrentlyAt);
    }

    /** At INDEX after DROP. */
    static ParsedStatement parseDrop(TokenCursor in) {
        in.accept("index");
        int concurrentlyAt = in.endOfPrevious();
        boolean concurrently = in.accept("concurrently");
        boolean ifExists = in.accept("if", "exists");
        List<QualifiedName> indexes = in.qualifiedNames();
        if (indexes.isEmpty()) {
            return null;
        }
        boolean cascade = in.accept("cascade");
        return new ParsedStatement.DropIndex(in.text(), indexes, concurrently, ifExists, cascade, concurrentlyAt);
    }
}
