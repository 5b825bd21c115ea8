package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.sql.SqlLexer;
import io.pgsafe.core.sql.Token;
import io.pgsafe.core.sql.TokenKind;
import java.util.List;
import java.util.Locale;

/**
 * UNIQUE and PRIMARY KEY built as {@code CREATE UNIQUE INDEX CONCURRENTLY} and then attached with
 * {@code ADD CONSTRAINT … USING INDEX}, which takes ACCESS EXCLUSIVE only for the catalog change
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX">
 * ADD table_constraint_using_index</a>). Exact only for a plain column list: INCLUDE, WITH, USING INDEX
 * TABLESPACE and NULLS NOT DISTINCT would have to move into the index, so those forms get the fix, not a rewrite.
 */
final class UniqueIndexFirst {

    private UniqueIndexFirst() {
    }

    /**
     * What follows the column list ({@code DEFERRABLE …} is kept on the USING INDEX form), or null when the
     * definition carries anything the USING INDEX form cannot say.
     */
    static String deferrableTail(AddConstraint add) {
        String definition = add.definitionText();
        List<Token> tokens = SqlLexer.tokenize(definition).stream().filter(t -> !t.kind().isTrivia()).toList();
        int depth = 0;
        int end = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (depth == 0 && token.kind() == TokenKind.IDENTIFIER
                    && token.text(definition).equalsIgnoreCase("nulls")) {
                return null;
            }
            if (token.kind() == TokenKind.LEFT_PAREN) {
                depth++;
            } else if (token.kind() == TokenKind.RIGHT_PAREN && --depth == 0) {
                end = token.end();
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String tail = definition.substring(end).trim().replaceAll("\\s+", " ");
        return tail.toLowerCase(Locale.ROOT)
                .matches("((not )?deferrable|initially (deferred|immediate))?( ((not )?deferrable|initially "
                        + "(deferred|immediate)))*") ? tail : null;
    }

    static String createIndex(QualifiedName table, String name, List<String> columns) {
        return "CREATE UNIQUE INDEX CONCURRENTLY " + ConstraintNames.quote(name) + " ON " + table.toSql() + " ("
                + ConstraintNames.columnList(columns) + ")";
    }

    static PlanStep buildStep(QualifiedName table, String name, List<String> columns) {
        return PlanStep.of(createIndex(table, name, columns), "build the unique index without blocking writes",
                "DROP INDEX CONCURRENTLY IF EXISTS " + ConstraintNames.inSchemaOf(table, name));
    }

    /** {@code ADD CONSTRAINT name UNIQUE|PRIMARY KEY USING INDEX name [DEFERRABLE …]}. */
    static String usingIndex(String name, String kindWords, String tail) {
        return "ADD CONSTRAINT " + ConstraintNames.quote(name) + " " + kindWords + " USING INDEX "
                + ConstraintNames.quote(name) + (tail.isEmpty() ? "" : " " + tail);
    }
}
