package io.pgsafe.core.model;

import java.util.List;

/**
 * What the parser understood of one statement: the DDL the rules judge, the transaction control the engine
 * tracks, and {@link Other} for everything else. Each keeps its source text; offsets are into that text.
 */
public sealed interface ParsedStatement {

    /** The statement as written. */
    String text();

    /** OpenTelemetry's {@code db.query.summary}: the operation and its main target, e.g. {@code CREATE INDEX users}. */
    String summary();

    /**
     * @param name          the index name, or null when PostgreSQL will choose one
     * @param concurrentlyAt offset in {@code text} where {@code CONCURRENTLY} goes (just after INDEX)
     */
    record CreateIndex(String text, String name, QualifiedName table, boolean unique, boolean concurrently,
                       boolean ifNotExists, boolean only, String method, List<String> columns,
                       int concurrentlyAt) implements ParsedStatement {
        public CreateIndex {
            columns = List.copyOf(columns);
        }

        @Override
        public String summary() {
            return "CREATE INDEX " + table;
        }
    }

    record DropIndex(String text, List<QualifiedName> indexes, boolean concurrently, boolean ifExists,
                     boolean cascade, int concurrentlyAt) implements ParsedStatement {
        public DropIndex {
            indexes = List.copyOf(indexes);
        }

        @Override
        public String summary() {
            return "DROP INDEX " + indexes.get(0);
        }
    }

    /** @param target INDEX, TABLE, SCHEMA, DATABASE or SYSTEM */
    record Reindex(String text, String target, QualifiedName name, boolean concurrently, int concurrentlyAt)
            implements ParsedStatement {
        @Override
        public String summary() {
            return "REINDEX " + name;
        }
    }

    /**
     * {@code ALTER TABLE} (and {@code ALTER INDEX|VIEW|MATERIALIZED VIEW|FOREIGN TABLE}, told by
     * {@code objectType}).
     *
     * @param head the statement up to the first action ({@code ALTER TABLE ONLY public.t}), for rewrites
     */
    record AlterTable(String text, String objectType, QualifiedName table, boolean only, boolean ifExists,
                      String head, List<AlterTableAction> actions) implements ParsedStatement {
        public AlterTable {
            actions = List.copyOf(actions);
        }

        @Override
        public String summary() {
            return "ALTER " + objectType + " " + table;
        }
    }

    record CreateTable(String text, QualifiedName table, boolean temporary, boolean unlogged, boolean ifNotExists,
                       boolean asSelect, QualifiedName partitionOf, List<ColumnDefinition> columns)
            implements ParsedStatement {
        public CreateTable {
            columns = List.copyOf(columns);
        }

        @Override
        public String summary() {
            return "CREATE TABLE " + table;
        }
    }

    /** A new materialized view: like a new table, nobody uses it before this transaction (or file) ends. */
    record CreateMaterializedView(String text, QualifiedName view, boolean withNoData) implements ParsedStatement {
        @Override
        public String summary() {
            return "CREATE MATERIALIZED VIEW " + view;
        }
    }

    /** @param objectType TABLE, VIEW, MATERIALIZED VIEW, SEQUENCE, SCHEMA, TYPE, … */
    record Drop(String text, String objectType, List<QualifiedName> names, boolean ifExists, boolean cascade)
            implements ParsedStatement {
        public Drop {
            names = List.copyOf(names);
        }

        @Override
        public String summary() {
            return "DROP " + objectType + (names.isEmpty() ? "" : " " + names.get(0));
        }
    }

    record Truncate(String text, List<QualifiedName> tables, boolean cascade) implements ParsedStatement {
        public Truncate {
            tables = List.copyOf(tables);
        }

        @Override
        public String summary() {
            return "TRUNCATE" + (tables.isEmpty() ? "" : " " + tables.get(0));
        }
    }

    record Vacuum(String text, boolean full, List<QualifiedName> tables) implements ParsedStatement {
        public Vacuum {
            tables = List.copyOf(tables);
        }

        @Override
        public String summary() {
            return "VACUUM" + (tables.isEmpty() ? "" : " " + tables.get(0));
        }
    }

    /** @param table null for a bare {@code CLUSTER} of every previously clustered table */
    record Cluster(String text, QualifiedName table, String index) implements ParsedStatement {
        @Override
        public String summary() {
            return "CLUSTER" + (table == null ? "" : " " + table);
        }
    }

    record LockTable(String text, List<QualifiedName> tables, LockMode mode) implements ParsedStatement {
        public LockTable {
            tables = List.copyOf(tables);
        }

        @Override
        public String summary() {
            return "LOCK TABLE" + (tables.isEmpty() ? "" : " " + tables.get(0));
        }
    }

    record RefreshMaterializedView(String text, QualifiedName view, boolean concurrently, boolean withNoData,
                                   int concurrentlyAt) implements ParsedStatement {
        @Override
        public String summary() {
            return "REFRESH MATERIALIZED VIEW " + view;
        }
    }

    /** {@code ALTER TYPE t ADD VALUE …} on an enum. */
    record AlterEnumAddValue(String text, QualifiedName type, String value, boolean ifNotExists)
            implements ParsedStatement {
        @Override
        public String summary() {
            return "ALTER TYPE " + type;
        }
    }

    record CreateTrigger(String text, String name, QualifiedName table) implements ParsedStatement {
        @Override
        public String summary() {
            return "CREATE TRIGGER " + table;
        }
    }

    /** UPDATE or DELETE, with whether it is limited by WHERE. */
    record DataChange(String text, String operation, QualifiedName table, boolean hasWhere)
            implements ParsedStatement {
        @Override
        public String summary() {
            return operation + " " + table;
        }
    }

    /** {@code SET [LOCAL|SESSION] name …}: the lint tracks timeouts set in a file. */
    record SetParameter(String text, String parameter, String value, boolean local) implements ParsedStatement {
        @Override
        public String summary() {
            return "SET " + parameter;
        }
    }

    record TransactionControl(String text, TransactionCommand command, String savepoint)
            implements ParsedStatement {
        @Override
        public String summary() {
            return command.name().replace('_', ' ');
        }
    }

    /** Any statement the rules have nothing to say about; {@code summary} is its leading key words. */
    record Other(String text, String summary) implements ParsedStatement {
    }
}
