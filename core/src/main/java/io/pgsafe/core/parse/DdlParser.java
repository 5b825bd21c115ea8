package io.pgsafe.core.parse;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.sql.SignificantTokens;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.core.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one statement into the model the rules judge. It understands the DDL that takes locks worth judging
 * and the statements that change transaction state; for anything else it returns
 * {@link ParsedStatement.Other}. It never throws: text it cannot follow becomes {@code Other} too, and
 * the server, which parses it again, has the last word on syntax.
 */
public final class DdlParser {

    private DdlParser() {
    }

    public static ParsedStatement parse(String statement) {
        if (statement == null) {
            return new ParsedStatement.Other("", "");
        }
        TokenCursor in;
        try {
            in = new TokenCursor(statement);
        } catch (RuntimeException e) {
            return new ParsedStatement.Other(statement, ""); // does not lex (an unterminated quote): the server says why
        }
        return parse(in);
    }

    /**
     * The same as {@link #parse(String)} for a statement of a split, from the tokens the splitter read (see
     * {@link StatementSplitter#split(String, io.pgsafe.core.sql.SplitMode, StatementSplitter.StatementVisitor)})
     * instead of lexing it again. They are the same tokens: a statement starts and ends at token boundaries of
     * the whole text, and holds no psql meta-command (one ends the statement).
     */
    public static ParsedStatement parse(SqlStatement statement, SignificantTokens tokens) {
        return parse(new TokenCursor(statement.text(), tokens, statement.start()));
    }

    private static ParsedStatement parse(TokenCursor in) {
        String statement = in.text();
        ParsedStatement parsed;
        try {
            parsed = dispatch(in);
        } catch (RuntimeException e) {
            parsed = null; // a construct we do not follow: judged as Other, sent as written
        }
        return parsed != null ? parsed : new ParsedStatement.Other(statement, summary(in));
    }

    private static ParsedStatement dispatch(TokenCursor in) {
        if (in.accept("create")) {
            return create(in);
        }
        if (in.accept("alter")) {
            if (in.accept("type")) {
                return alterType(in);
            }
            return AlterTableParser.parse(in);
        }
        if (in.accept("drop")) {
            return drop(in);
        }
        if (in.accept("reindex")) {
            return reindex(in);
        }
        if (in.accept("truncate")) {
            in.accept("table");
            List<QualifiedName> tables = in.qualifiedNames();
            return new ParsedStatement.Truncate(in.text(), tables, in.findKeyword(in.position(), "cascade") >= 0);
        }
        if (in.accept("vacuum")) {
            return vacuum(in);
        }
        if (in.accept("cluster")) {
            return cluster(in);
        }
        if (in.accept("lock")) {
            return lock(in);
        }
        if (in.accept("refresh", "materialized", "view")) {
            boolean concurrently = in.peek("concurrently");
            int at = in.endOfPrevious();
            in.accept("concurrently");
            QualifiedName view = in.qualifiedName();
            boolean noData = in.findKeyword(in.position(), "no") >= 0;
            return new ParsedStatement.RefreshMaterializedView(in.text(), view, concurrently, noData, at);
        }
        if (in.peek("update") || in.peek("delete")) {
            return dataChange(in);
        }
        if (in.accept("set")) {
            return set(in);
        }
        return transactionControl(in);
    }

    private static ParsedStatement create(TokenCursor in) {
        int afterCreate = in.position();
        in.accept("or", "replace");
        if (in.peek("unique") || in.peek("index")) {
            return CreateIndexParser.parse(in);
        }
        if (in.accept("constraint", "trigger") || in.accept("trigger")) {
            String name = in.identifier();
            int on = in.findKeyword(in.position(), "on");
            if (on < 0) {
                return null;
            }
            in.reset(on + 1);
            return new ParsedStatement.CreateTrigger(in.text(), name, in.qualifiedName());
        }
        if (in.accept("materialized", "view")) {
            in.accept("if", "not", "exists");
            QualifiedName view = in.qualifiedName();
            if (view == null) {
                return null;
            }
            boolean noData = in.findKeyword(in.position(), "no") >= 0 && in.findKeyword(in.position(), "data") >= 0;
            return new ParsedStatement.CreateMaterializedView(in.text(), view, noData);
        }
        in.reset(afterCreate);
        return CreateTableParser.parse(in);
    }

    private static ParsedStatement drop(TokenCursor in) {
        if (in.peek("index")) {
            return CreateIndexParser.parseDrop(in);
        }
        String objectType = objectType(in);
        if (objectType == null) {
            return null;
        }
        boolean ifExists = in.accept("if", "exists");
        List<QualifiedName> names = in.qualifiedNames();
        boolean cascade = in.findKeyword(in.position(), "cascade") >= 0;
        return new ParsedStatement.Drop(in.text(), objectType, names, ifExists, cascade);
    }

    /** The object types DROP is parsed for: one or two key words each. */
    private static final String[][] DROP_OBJECT_TYPES = {{"materialized", "view"}, {"foreign", "table"}, {"table"},
            {"view"}, {"sequence"}, {"schema"}, {"type"}, {"domain"}, {"function"}, {"procedure"}, {"trigger"},
            {"extension"}, {"constraint"}};

    /** The object type after DROP, upper case, words joined by a space. */
    private static String objectType(TokenCursor in) {
        for (String[] words : DROP_OBJECT_TYPES) {
            if (in.accept(words)) {
                return String.join(" ", words).toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static ParsedStatement reindex(TokenCursor in) {
        if (in.peekKind(TokenKind.LEFT_PAREN)) {
            String options = in.parenthesized();
            if (options != null && optionOn(options, "concurrently")) {
                String target = in.identifier();
                int at = in.endOfPrevious();
                return new ParsedStatement.Reindex(in.text(), upper(target), in.qualifiedName(), true, at);
            }
        }
        String target = in.identifier();
        if (target == null) {
            return null;
        }
        int at = in.endOfPrevious();
        boolean concurrently = in.accept("concurrently");
        QualifiedName name = in.qualifiedName();
        return new ParsedStatement.Reindex(in.text(), upper(target), name, concurrently, at);
    }

    private static ParsedStatement vacuum(TokenCursor in) {
        boolean full = false;
        if (in.peekKind(TokenKind.LEFT_PAREN)) {
            full = optionOn(in.parenthesized(), "full");
        }
        while (in.peek("full") || in.peek("freeze") || in.peek("verbose") || in.peek("analyze")
                || in.peek("analyse")) {
            full |= in.peek("full");
            in.skip();
        }
        List<QualifiedName> tables = new ArrayList<>();
        while (!in.atEnd()) {
            QualifiedName table = in.qualifiedName();
            if (table == null) {
                break;
            }
            tables.add(table);
            in.parenthesized();
            if (!in.acceptKind(TokenKind.COMMA)) {
                break;
            }
        }
        return new ParsedStatement.Vacuum(in.text(), full, tables);
    }

    private static ParsedStatement cluster(TokenCursor in) {
        in.parenthesized();
        in.accept("verbose");
        if (in.atEnd()) {
            return new ParsedStatement.Cluster(in.text(), null, null);
        }
        QualifiedName table = in.qualifiedName();
        if (table == null) {
            return null;
        }
        String index = in.accept("using") ? in.identifier() : null;
        if (index == null && in.accept("on")) { // CLUSTER index ON table, the old spelling
            index = table.name();
            table = in.qualifiedName();
        }
        return new ParsedStatement.Cluster(in.text(), table, index);
    }

    private static ParsedStatement lock(TokenCursor in) {
        in.accept("table");
        List<QualifiedName> tables = in.qualifiedNames();
        LockMode mode = LockMode.ACCESS_EXCLUSIVE;
        if (in.accept("in")) {
            int from = in.position();
            int modeWord = in.findKeyword(from, "mode");
            String written = in.textOf(from, modeWord < 0 ? in.size() : modeWord).toUpperCase(Locale.ROOT)
                    .replaceAll("\\s+", " ");
            for (LockMode candidate : LockMode.values()) {
                if (candidate.sqlName().equals(written)) {
                    mode = candidate;
                }
            }
        }
        return new ParsedStatement.LockTable(in.text(), tables, mode);
    }

    private static ParsedStatement dataChange(TokenCursor in) {
        String operation = in.peek("update") ? "UPDATE" : "DELETE";
        in.skip();
        in.accept("from");
        in.accept("only");
        QualifiedName table = in.qualifiedName();
        boolean hasWhere = in.findKeyword(in.position(), "where") >= 0;
        return new ParsedStatement.DataChange(in.text(), operation, table, hasWhere);
    }

    private static ParsedStatement set(TokenCursor in) {
        boolean local = in.accept("local");
        if (!local) {
            in.accept("session");
        }
        if (in.peek("transaction") || in.peek("constraints") || in.peek("characteristics")) {
            return null; // SET TRANSACTION …, SET CONSTRAINTS …, SET SESSION CHARACTERISTICS …: no parameter
        }
        String parameter;
        if (in.accept("time", "zone")) {
            parameter = "timezone";
        } else {
            parameter = in.identifier();
            if (parameter == null) {
                return null;
            }
            while (in.acceptKind(TokenKind.DOT)) { // a custom parameter: app.tenant_id
                String part = in.identifier();
                if (part == null) {
                    return null;
                }
                parameter += "." + part;
            }
        }
        if (!in.accept("to")) {
            in.acceptKind(TokenKind.OPERATOR);
        }
        String value = in.textOf(in.position(), in.size());
        if (value.length() > 1 && value.startsWith("'") && value.endsWith("'")) {
            value = value.substring(1, value.length() - 1);
        }
        return new ParsedStatement.SetParameter(in.text(), parameter, value, local);
    }

    private static ParsedStatement alterType(TokenCursor in) {
        QualifiedName type = in.qualifiedName();
        if (!in.accept("add", "value")) {
            return null;
        }
        boolean ifNotExists = in.accept("if", "not", "exists");
        String literal = in.tokenText(in.position());
        String value = literal.length() > 1 && literal.startsWith("'") && literal.endsWith("'")
                ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
        return new ParsedStatement.AlterEnumAddValue(in.text(), type, value, ifNotExists);
    }

    private static ParsedStatement transactionControl(TokenCursor in) {
        if (in.accept("begin") || in.accept("start", "transaction")) {
            return tx(in, TransactionCommand.BEGIN, null);
        }
        if (in.accept("commit", "prepared") || in.accept("rollback", "prepared")) {
            return tx(in, TransactionCommand.PREPARED_OUTCOME, null);
        }
        if (in.accept("commit") || in.accept("end")) {
            return tx(in, TransactionCommand.COMMIT, null);
        }
        if (in.accept("rollback") || in.accept("abort")) {
            in.accept("work");
            in.accept("transaction");
            if (in.accept("to")) {
                in.accept("savepoint");
                return tx(in, TransactionCommand.ROLLBACK_TO_SAVEPOINT, in.identifier());
            }
            return tx(in, TransactionCommand.ROLLBACK, null);
        }
        if (in.accept("savepoint")) {
            return tx(in, TransactionCommand.SAVEPOINT, in.identifier());
        }
        if (in.accept("release")) {
            in.accept("savepoint");
            return tx(in, TransactionCommand.RELEASE_SAVEPOINT, in.identifier());
        }
        if (in.accept("prepare", "transaction")) {
            return tx(in, TransactionCommand.PREPARE_TRANSACTION, null);
        }
        return null;
    }

    private static ParsedStatement tx(TokenCursor in, TransactionCommand command, String savepoint) {
        return new ParsedStatement.TransactionControl(in.text(), command, savepoint);
    }

    /** The leading key words, upper case: {@code CREATE FUNCTION}, {@code SELECT}. */
    private static String summary(TokenCursor in) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(2, in.size()) && in.kind(i) == TokenKind.IDENTIFIER; i++) {
            if (i > 0) {
                out.append(' ');
            }
            in.appendUpperCase(out, i);
        }
        return out.toString();
    }

    /**
     * Whether a parenthesized option list ({@code FULL, ANALYZE} or {@code CONCURRENTLY true}) turns this
     * boolean option on: named, and not followed by false, off or 0.
     */
    private static boolean optionOn(String options, String option) {
        for (String element : options.toLowerCase(Locale.ROOT).split(",")) {
            String[] words = element.strip().split("\\s+");
            if (words[0].equals(option)) {
                return words.length == 1 || !(words[1].equals("false") || words[1].equals("off")
                        || words[1].equals("0") || words[1].equals("'false'") || words[1].equals("'off'"));
            }
        }
        return false;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
