package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.sql.SqlLexer;
import io.pgsafe.core.sql.Token;
import io.pgsafe.core.sql.TokenKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names PostgreSQL gives constraints and indexes the statement leaves unnamed, so that a rewrite that
 * must name them (to VALIDATE or to USE an index later) ends with the same schema. PostgreSQL also appends a
 * number when the name is taken ({@code ChooseConstraintName}); pgsafe cannot see that without the catalog, so a
 * clash makes the rewritten ADD fail with "already exists" rather than silently pick another name.
 */
final class ConstraintNames {

    /** Words that can stand in a CHECK expression without naming a column. */
    private static final Set<String> NOT_COLUMNS = Set.of("and", "or", "not", "is", "null", "true", "false", "in",
            "between", "symmetric", "like", "ilike", "similar", "to", "escape", "case", "when", "then", "else", "end",
            "any", "all", "some", "array", "cast", "as", "distinct", "from", "collate", "isnull", "notnull",
            "unknown", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "current_user", "session_user", "user", "overlaps", "row", "exists", "time", "zone", "with", "without");

    private ConstraintNames() {
    }

    /** The constraint's own name, or the one PostgreSQL would choose for it on {@code table}. */
    static String of(QualifiedName table, AddConstraint add) {
        if (add.name() != null) {
            return add.name();
        }
        return switch (add.kind()) {
            // ChooseForeignKeyConstraintNameAddition and ChooseIndexNameAddition join the columns with '_'.
            case FOREIGN_KEY, UNIQUE -> Identifiers.makeObjectName(table.name(), String.join("_", add.columns()),
                    add.kind().nameLabel());
            case CHECK -> Identifiers.makeObjectName(table.name(), checkColumn(add.expression()), "check");
            case PRIMARY_KEY -> Identifiers.makeObjectName(table.name(), null, "pkey");
            default -> Identifiers.makeObjectName(table.name(), null, add.kind().nameLabel());
        };
    }

    /**
     * AddRelationNewConstraints names an unnamed CHECK {@code <table>_<column>_check} when the expression
     * references exactly one distinct column, else {@code <table>_check}. pgsafe has no catalog here, so it
     * approximates the columns from the tokens: identifiers that are not SQL key words of expressions, not
     * function names (followed by a parenthesis), not type names (after {@code ::} or {@code CAST(… AS}, or
     * before the string of a typed literal such as {@code date '2024-01-01'}), and, for {@code a.b}, the last part. A constant written as a bare word PostgreSQL resolves otherwise (rare in a CHECK) can make it
     * count one column too many; the live tests compare the names with PostgreSQL's own.
     *
     * @return the single column, or null
     */
    static String checkColumn(String expression) {
        if (expression == null) {
            return null;
        }
        List<Token> tokens = SqlLexer.tokenize(expression).stream().filter(t -> !t.kind().isTrivia()).toList();
        Set<String> columns = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean quoted = token.kind() == TokenKind.QUOTED_IDENTIFIER;
            if (token.kind() != TokenKind.IDENTIFIER && !quoted) {
                continue;
            }
            String text = token.text(expression);
            String name = quoted ? Identifiers.unquote(text) : Identifiers.fold(text);
            // a type: after :: or CAST(… AS, or before a string in a typed literal (date '2024-01-01')
            boolean afterCast = i > 0 && (tokens.get(i - 1).kind() == TokenKind.TYPECAST
                    || tokens.get(i - 1).text(expression).equalsIgnoreCase("as"));
            boolean typedLiteral = i + 1 < tokens.size() && tokens.get(i + 1).kind().isStringLiteral();
            // AT TIME ZONE: "at" is a key word only there
            boolean atTimeZone = name.equals("at") && i + 1 < tokens.size()
                    && tokens.get(i + 1).text(expression).equalsIgnoreCase("time");
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).kind() == TokenKind.LEFT_PAREN;
            boolean qualifier = i + 1 < tokens.size() && tokens.get(i + 1).kind() == TokenKind.DOT;
            if (afterCast || typedLiteral || atTimeZone || call || qualifier || (!quoted && NOT_COLUMNS.contains(name.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            columns.add(name);
        }
        return columns.size() == 1 ? columns.iterator().next() : null;
    }

    /** The temporary {@code CHECK (c IS NOT NULL)} that lets SET NOT NULL skip its scan (12+). */
    static String notNullCheck(QualifiedName table, String column, int versionNum) {
        // PostgreSQL 18 records NOT NULL as a constraint named <table>_<column>_not_null; a temporary CHECK of that
        // name would push SET NOT NULL's own constraint to <table>_<column>_not_null1.
        return Identifiers.makeObjectName(table.name(), column,
                versionNum >= PgVersions.PG18 ? "not_null_check" : ConstraintKind.NOT_NULL.nameLabel());
    }

    /** {@code [schema.]name} of an index or constraint, quoted where needed, in the table's schema. */
    static String inSchemaOf(QualifiedName table, String name) {
        return new QualifiedName(table.schema(), name).toSql();
    }

    static String quote(String name) {
        return Identifiers.quoteIfNeeded(name);
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(Identifiers::quoteIfNeeded).toList());
    }
}
