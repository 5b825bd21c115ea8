package io.pgsafe.core.model;

import java.util.List;

/**
 * One action of an {@code ALTER TABLE}; a statement may carry several, separated by commas, and each is
 * decided on its own. {@link #text()} is the action as written, so a rewrite can keep it or replace it.
 */
public sealed interface AlterTableAction {

    /** The action's source text, from its first token to its last. */
    String text();

    record AddColumn(String text, ColumnDefinition column, boolean ifNotExists) implements AlterTableAction {
    }

    record DropColumn(String text, String column, boolean ifExists, boolean cascade) implements AlterTableAction {
    }

    /** {@code ALTER COLUMN c [SET DATA] TYPE t [USING e]}. */
    record AlterColumnType(String text, String column, String type, String using) implements AlterTableAction {
    }

    record SetNotNull(String text, String column) implements AlterTableAction {
    }

    record DropNotNull(String text, String column) implements AlterTableAction {
    }

    record SetDefault(String text, String column, String expression) implements AlterTableAction {
    }

    record DropDefault(String text, String column) implements AlterTableAction {
    }

    /**
     * {@code ADD [CONSTRAINT name] …}.
     *
     * @param name               the constraint's name, or null when PostgreSQL will choose one
     * @param columns            the constrained columns (for FOREIGN KEY the referencing ones)
     * @param referencedTable    for FOREIGN KEY
     * @param referencedColumns  for FOREIGN KEY, empty when the referenced primary key is meant
     * @param expression         for CHECK, the expression inside the parentheses
     * @param notValid           NOT VALID is written
     * @param usingIndex         for UNIQUE/PRIMARY KEY … USING INDEX, the index name
     * @param definitionText     the constraint after {@code CONSTRAINT name}, without NOT VALID
     */
    record AddConstraint(String text, String name, ConstraintKind kind, List<String> columns,
                         QualifiedName referencedTable, List<String> referencedColumns, String expression,
                         boolean notValid, String usingIndex, String definitionText) implements AlterTableAction {
        public AddConstraint {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    record ValidateConstraint(String text, String name) implements AlterTableAction {
    }

    record DropConstraint(String text, String name, boolean ifExists, boolean cascade) implements AlterTableAction {
    }

    record RenameColumn(String text, String from, String to) implements AlterTableAction {
    }

    /** {@code RENAME TO new_name} of the table itself. */
    record RenameTable(String text, String to) implements AlterTableAction {
    }

    record RenameConstraint(String text, String from, String to) implements AlterTableAction {
    }

    record SetTablespace(String text, String tablespace) implements AlterTableAction {
    }

    /** {@code SET LOGGED} or {@code SET UNLOGGED}. */
    record SetLogged(String text, boolean logged) implements AlterTableAction {
    }

    /** {@code SET ACCESS METHOD} (PostgreSQL 15+): rewrites the table. */
    record SetAccessMethod(String text, String method) implements AlterTableAction {
    }

    /** {@code ATTACH PARTITION p FOR VALUES …}. */
    record AttachPartition(String text, QualifiedName partition, String bound) implements AlterTableAction {
    }

    /** {@code DETACH PARTITION p [CONCURRENTLY | FINALIZE]}. */
    record DetachPartition(String text, QualifiedName partition, boolean concurrently, boolean finalizing)
            implements AlterTableAction {
    }

    record SetSchema(String text, String schema) implements AlterTableAction {
    }

    /** {@code ENABLE|DISABLE [ALWAYS|REPLICA] TRIGGER …}. */
    record ChangeTrigger(String text) implements AlterTableAction {
    }

    /** Anything else (OWNER TO, SET (storage parameters), CLUSTER ON, …): kept as written. */
    record Other(String text) implements AlterTableAction {
    }
}
