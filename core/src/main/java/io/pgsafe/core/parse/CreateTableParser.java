package io.pgsafe.core.parse;

import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name (columns and constraints) | PARTITION OF … | AS …}.
 */
final class CreateTableParser {

    private CreateTableParser() {
    }

    /** Just after CREATE. */
    static ParsedStatement parse(TokenCursor in) {
        boolean temporary = false;
        boolean unlogged = false;
        if (in.accept("global") || in.accept("local")) {
            temporary = true;
        }
        if (in.accept("temporary") || in.accept("temp")) {
            temporary = true;
        }
        if (in.accept("unlogged")) {
            unlogged = true;
        }
        if (!in.accept("table")) {
            return null;
        }
        boolean ifNotExists = in.accept("if", "not", "exists");
        QualifiedName table = in.qualifiedName();
        if (table == null) {
            return null;
        }
        QualifiedName partitionOf = in.accept("partition", "of") ? in.qualifiedName() : null;
        List<ColumnDefinition> columns = new ArrayList<>();
        if (in.acceptKind(TokenKind.LEFT_PAREN)) {
            while (!in.atEnd() && !in.peekKind(TokenKind.RIGHT_PAREN)) {
                if (startsTableElementOtherThanColumn(in)) {
                    in.skipElement();
                } else {
                    columns.add(ColumnParser.column(in));
                }
                in.acceptKind(TokenKind.COMMA);
            }
            in.acceptKind(TokenKind.RIGHT_PAREN);
        }
        boolean asSelect = in.findKeyword(in.position(), "as") >= 0;
        return new ParsedStatement.CreateTable(in.text(), table, temporary, unlogged, ifNotExists, asSelect,
                partitionOf, columns);
    }

    private static boolean startsTableElementOtherThanColumn(TokenCursor in) {
        return in.peek("constraint") || in.peek("check") || in.peek("unique") || in.peek("primary", "key")
                || in.peek("foreign", "key") || in.peek("exclude") || in.peek("like");
    }
}
