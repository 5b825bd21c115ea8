package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import java.util.ArrayList;
import java.util.List;

/**
 * The column types a statement declares, for the type-choice lint rules: the columns of CREATE TABLE, of
 * ALTER TABLE … ADD COLUMN, and the new type of ALTER COLUMN … TYPE.
 *
 * @param table       the table
 * @param column      the column's folded name
 * @param type        the type as {@link ColumnDefinition#type()} normalises it
 * @param definition  the full definition, or null for ALTER COLUMN … TYPE
 * @param actionIndex the ALTER TABLE action, or -1 for CREATE TABLE
 */
record ColumnTypes(QualifiedName table, String column, String type, ColumnDefinition definition, int actionIndex) {

    /** The last statement's column types: every type rule asks for the same statement's, one after the other. */
    private record Memo(ParsedStatement statement, List<ColumnTypes> types) {
    }

    private static volatile Memo last;

    static List<ColumnTypes> of(ParsedStatement statement) {
        if (!(statement instanceof ParsedStatement.CreateTable) && !(statement instanceof ParsedStatement.AlterTable)) {
            return List.of(); // most statements: no list to build for each of the type rules
        }
        Memo memo = last;
        if (memo != null && memo.statement() == statement) {
            return memo.types();
        }
        List<ColumnTypes> types = List.copyOf(collect(statement));
        last = new Memo(statement, types);
        return types;
    }

    private static List<ColumnTypes> collect(ParsedStatement statement) {
        List<ColumnTypes> out = new ArrayList<>();
        if (statement instanceof ParsedStatement.CreateTable create) {
            for (ColumnDefinition column : create.columns()) {
                out.add(new ColumnTypes(create.table(), column.name(), column.type(), column, -1));
            }
        } else if (statement instanceof ParsedStatement.AlterTable alter && alter.objectType().equals("TABLE")) {
            for (int i = 0; i < alter.actions().size(); i++) {
                AlterTableAction action = alter.actions().get(i);
                if (action instanceof AlterTableAction.AddColumn add) {
                    out.add(new ColumnTypes(alter.table(), add.column().name(), add.column().type(), add.column(), i));
                } else if (action instanceof AlterTableAction.AlterColumnType change) {
                    out.add(new ColumnTypes(alter.table(), change.column(), change.type(), null, i));
                }
            }
        }
        return out;
    }

    /** The type without array brackets: {@code varchar(20)[]} is judged as {@code varchar(20)}. */
    String baseType() {
        String base = type;
        while (base.endsWith("[]")) {
            base = base.substring(0, base.length() - 2);
        }
        return base;
    }

    String describe() {
        return table + "." + column + " " + type;
    }
}
