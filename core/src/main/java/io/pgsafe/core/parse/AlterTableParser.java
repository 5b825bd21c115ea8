package io.pgsafe.core.parse;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE|INDEX|VIEW|MATERIALIZED VIEW|FOREIGN TABLE [IF EXISTS] [ONLY] name action [, …]}
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a>).
 */
final class AlterTableParser {

    private AlterTableParser() {
    }

    /** At the object type after ALTER. Returns null when this is not an ALTER TABLE form it knows. */
    static ParsedStatement parse(TokenCursor in) {
        String objectType;
        if (in.accept("table")) {
            objectType = "TABLE";
        } else if (in.accept("index")) {
            objectType = "INDEX";
        } else if (in.accept("materialized", "view")) {
            objectType = "MATERIALIZED VIEW";
        } else if (in.accept("foreign", "table")) {
            objectType = "FOREIGN TABLE";
        } else if (in.accept("view")) {
            objectType = "VIEW";
        } else {
            return null;
        }
        if (in.peek("all", "in", "tablespace")) {
            return null;
        }
        boolean ifExists = in.accept("if", "exists");
        boolean only = in.accept("only");
        QualifiedName table = in.qualifiedName();
        if (table == null) {
            return null;
        }
        if (in.peekKind(TokenKind.OPERATOR) && in.tokenText(in.position()).equals("*")) {
            in.skip();
        }
        String head = in.text().substring(0, in.endOfPrevious());
        List<AlterTableAction> actions = new ArrayList<>();
        while (!in.atEnd()) {
            int from = in.position();
            AlterTableAction action = complete(action(in, from));
            actions.add(action);
            if (!in.acceptKind(TokenKind.COMMA)) {
                break;
            }
        }
        return new ParsedStatement.AlterTable(in.text(), objectType, table, only, ifExists, head, actions);
    }

    /**
     * An action whose required name did not parse (malformed text, e.g. {@code ADD COLUMN . g int} or
     * {@code RENAME TO 'x'}) becomes {@link AlterTableAction.Other}: no rule builds advice or a rewrite from a
     * missing name, and the server gives its own verdict on the text. Found by fuzzing (FuzzedSqlTest).
     */
    static AlterTableAction complete(AlterTableAction action) {
        boolean missing;
        if (action instanceof AlterTableAction.AddColumn a) {
            missing = a.column() == null || a.column().name() == null;
        } else if (action instanceof AlterTableAction.DropColumn a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.AlterColumnType a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.SetNotNull a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.DropNotNull a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.SetDefault a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.DropDefault a) {
            missing = a.column() == null;
        } else if (action instanceof AlterTableAction.ValidateConstraint a) {
            missing = a.name() == null;
        } else if (action instanceof AlterTableAction.DropConstraint a) {
            missing = a.name() == null;
        } else if (action instanceof AlterTableAction.RenameColumn a) {
            missing = a.from() == null || a.to() == null;
        } else if (action instanceof AlterTableAction.RenameTable a) {
            missing = a.to() == null;
        } else if (action instanceof AlterTableAction.RenameConstraint a) {
            missing = a.from() == null || a.to() == null;
        } else if (action instanceof AlterTableAction.AttachPartition a) {
            missing = a.partition() == null;
        } else if (action instanceof AlterTableAction.DetachPartition a) {
            missing = a.partition() == null;
        } else {
            missing = false;
        }
        return missing ? new AlterTableAction.Other(action.text()) : action;
    }

    private static AlterTableAction action(TokenCursor in, int from) {
        AlterTableAction action = knownAction(in, from);
        if (action == null) {
            in.reset(from);
            in.skipElement();
            return new AlterTableAction.Other(in.textOf(from, in.position()));
        }
        return action;
    }

    private static AlterTableAction knownAction(TokenCursor in, int from) {
        if (in.accept("add")) {
            if (startsTableConstraint(in)) {
                return addConstraint(in, from);
            }
            in.accept("column");
            boolean ifNotExists = in.accept("if", "not", "exists");
            var column = ColumnParser.column(in);
            return new AlterTableAction.AddColumn(in.textOf(from, in.position()), column, ifNotExists);
        }
        if (in.accept("drop")) {
            if (in.accept("constraint")) {
                boolean ifExists = in.accept("if", "exists");
                String name = in.identifier();
                boolean cascade = dropBehaviour(in);
                return new AlterTableAction.DropConstraint(in.textOf(from, in.position()), name, ifExists, cascade);
            }
            in.accept("column");
            boolean ifExists = in.accept("if", "exists");
            String column = in.identifier();
            boolean cascade = dropBehaviour(in);
            return new AlterTableAction.DropColumn(in.textOf(from, in.position()), column, ifExists, cascade);
        }
        if (in.accept("alter")) {
            in.accept("column");
            String column = in.identifier();
            return alterColumn(in, from, column);
        }
        if (in.accept("validate", "constraint")) {
            String name = in.identifier();
            return new AlterTableAction.ValidateConstraint(in.textOf(from, in.position()), name);
        }
        if (in.accept("rename")) {
            return rename(in, from);
        }
        if (in.accept("set")) {
            return set(in, from);
        }
        if (in.accept("attach", "partition")) {
            QualifiedName partition = in.qualifiedName();
            int boundStart = in.position();
            in.skipElement();
            return new AlterTableAction.AttachPartition(in.textOf(from, in.position()), partition,
                    in.textOf(boundStart, in.position()));
        }
        if (in.accept("detach", "partition")) {
            QualifiedName partition = in.qualifiedName();
            boolean concurrently = in.accept("concurrently");
            boolean finalizing = in.accept("finalize");
            return new AlterTableAction.DetachPartition(in.textOf(from, in.position()), partition, concurrently,
                    finalizing);
        }
        if (in.peek("enable") || in.peek("disable")) {
            int trigger = in.findKeyword(from, "trigger");
            in.skipElement();
            if (trigger >= 0 && trigger < in.position()) {
                return new AlterTableAction.ChangeTrigger(in.textOf(from, in.position()));
            }
            return new AlterTableAction.Other(in.textOf(from, in.position()));
        }
        return null;
    }

    private static boolean startsTableConstraint(TokenCursor in) {
        return in.peek("constraint") || in.peek("check") || in.peek("unique") || in.peek("primary", "key")
                || in.peek("foreign", "key") || in.peek("exclude");
    }

    private static AlterTableAction addConstraint(TokenCursor in, int from) {
        String name = in.accept("constraint") ? in.identifier() : null;
        int definitionStart = in.position();
        ConstraintKind kind;
        List<String> columns = List.of();
        QualifiedName referenced = null;
        List<String> referencedColumns = List.of();
        String expression = null;
        String usingIndex = null;
        if (in.accept("check")) {
            kind = ConstraintKind.CHECK;
            expression = in.parenthesized();
            in.accept("no", "inherit");
        } else if (in.accept("foreign", "key")) {
            kind = ConstraintKind.FOREIGN_KEY;
            columns = in.columnList();
            in.accept("references");
            referenced = in.qualifiedName();
            referencedColumns = in.peekKind(TokenKind.LEFT_PAREN) ? in.columnList() : List.of();
            ColumnParser.skipReferenceOptions(in);
        } else if (in.accept("unique") || in.accept("primary", "key")) {
            kind = in.isKeyword(definitionStart, "unique") ? ConstraintKind.UNIQUE : ConstraintKind.PRIMARY_KEY;
            if (in.accept("nulls")) {
                in.accept("not");
                in.accept("distinct");
            }
            if (in.accept("using", "index")) {
                usingIndex = in.identifier();
            } else {
                columns = in.columnList();
            }
        } else if (in.accept("exclude")) {
            kind = ConstraintKind.EXCLUDE;
        } else if (in.accept("not", "null")) {
            kind = ConstraintKind.NOT_NULL;
            String column = in.identifier();
            columns = column == null ? List.of() : List.of(column);
        } else {
            return null;
        }
        int definitionEnd = in.position();
        boolean notValid = false;
        while (!in.atEnd() && !in.peekKind(TokenKind.COMMA)) {
            if (in.peek("not", "valid")) {
                notValid = true;
                in.skip();
                in.skip();
            } else {
                if (in.parenthesized() == null) {
                    in.skip();
                }
                definitionEnd = in.position();
            }
        }
        String definition = in.textOf(definitionStart, definitionEnd);
        return new AlterTableAction.AddConstraint(in.textOf(from, in.position()), name, kind, columns, referenced,
                referencedColumns, expression, notValid, usingIndex, definition);
    }

    private static AlterTableAction alterColumn(TokenCursor in, int from, String column) {
        if (in.accept("set", "data", "type") || in.accept("type")) {
            String type = ColumnParser.type(in);
            String using = null;
            while (!in.atEnd() && !in.peekKind(TokenKind.COMMA)) {
                if (in.accept("using")) {
                    int usingStart = in.position();
                    in.skipElement();
                    using = in.textOf(usingStart, in.position());
                } else if (in.parenthesized() == null) {
                    in.skip();
                }
            }
            return new AlterTableAction.AlterColumnType(in.textOf(from, in.position()), column, type, using);
        }
        if (in.accept("set", "not", "null")) {
            return new AlterTableAction.SetNotNull(in.textOf(from, in.position()), column);
        }
        if (in.accept("drop", "not", "null")) {
            return new AlterTableAction.DropNotNull(in.textOf(from, in.position()), column);
        }
        if (in.accept("set", "default")) {
            int exprStart = in.position();
            in.skipElement();
            return new AlterTableAction.SetDefault(in.textOf(from, in.position()), column,
                    in.textOf(exprStart, in.position()));
        }
        if (in.accept("drop", "default")) {
            return new AlterTableAction.DropDefault(in.textOf(from, in.position()), column);
        }
        return null;
    }

    private static AlterTableAction rename(TokenCursor in, int from) {
        // the new name is read before the action's text is taken, so the text ends with it
        if (in.accept("constraint")) {
            String old = in.identifier();
            in.accept("to");
            String to = in.identifier();
            return new AlterTableAction.RenameConstraint(in.textOf(from, in.position()), old, to);
        }
        if (in.accept("to")) {
            String to = in.identifier();
            return new AlterTableAction.RenameTable(in.textOf(from, in.position()), to);
        }
        in.accept("column");
        String old = in.identifier();
        in.accept("to");
        String to = in.identifier();
        return new AlterTableAction.RenameColumn(in.textOf(from, in.position()), old, to);
    }

    private static AlterTableAction set(TokenCursor in, int from) {
        if (in.accept("tablespace")) {
            return new AlterTableAction.SetTablespace(in.textOf(from, in.position() + 1), in.identifier());
        }
        if (in.accept("logged")) {
            return new AlterTableAction.SetLogged(in.textOf(from, in.position()), true);
        }
        if (in.accept("unlogged")) {
            return new AlterTableAction.SetLogged(in.textOf(from, in.position()), false);
        }
        if (in.accept("access", "method")) {
            return new AlterTableAction.SetAccessMethod(in.textOf(from, in.position() + 1), in.identifier());
        }
        if (in.accept("schema")) {
            return new AlterTableAction.SetSchema(in.textOf(from, in.position() + 1), in.identifier());
        }
        return null;
    }

    private static boolean dropBehaviour(TokenCursor in) {
        if (in.accept("cascade")) {
            return true;
        }
        in.accept("restrict");
        return false;
    }
}
