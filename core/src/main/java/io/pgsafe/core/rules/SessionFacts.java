package io.pgsafe.core.rules;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.QualifiedName;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the engine knows about the session a statement runs in: the server version, whether a transaction
 * block is open, what this transaction (or migration file) did before, and, at runtime, catalog facts.
 * Core never asks the database itself; the JDBC layer answers from the catalog and the CLI from the file.
 */
public record SessionFacts(PgVersion serverVersion, boolean inTransaction, TransactionState transaction,
                           CatalogFacts catalog) {

    public static SessionFacts of(PgVersion version, boolean inTransaction) {
        return new SessionFacts(version, inTransaction, new TransactionState(), CatalogFacts.UNKNOWN);
    }

    /** Created earlier in this transaction (or file): nobody else can be using it yet. */
    public boolean isNewTable(QualifiedName table) {
        return table != null && transaction.createdTable(table);
    }

    /**
     * Catalog facts, looked up only for DDL. Every answer may be unknown; rules then assume the hazardous
     * case, as a static linter must.
     */
    public interface CatalogFacts {
        CatalogFacts UNKNOWN = new CatalogFacts() {
        };

        /** {@code pg_proc.provolatile = 'v'} for the function of that (unqualified or qualified) name. */
        default Optional<Boolean> isVolatileFunction(String name) {
            return Optional.empty();
        }

        /** A validated {@code CHECK (column IS NOT NULL)} exists, so SET NOT NULL skips its scan (12+). */
        default Optional<Boolean> hasValidatedNotNullCheck(QualifiedName table, String column) {
            return Optional.empty();
        }

        /** {@code pg_attribute.attnotnull}. */
        default Optional<Boolean> columnNotNull(QualifiedName table, String column) {
            return Optional.empty();
        }

        /** {@code pg_class.relkind = 'p'}: a partitioned table, on which CONCURRENTLY builds are refused. */
        default Optional<Boolean> isPartitioned(QualifiedName table) {
            return Optional.empty();
        }

        /** {@code pg_class.reltuples}, for the optional small-table exemption. */
        default OptionalLong estimatedRows(QualifiedName table) {
            return OptionalLong.empty();
        }

        /** {@code pg_total_relation_size}, for the optional small-table exemption. */
        default OptionalLong estimatedBytes(QualifiedName table) {
            return OptionalLong.empty();
        }

        /**
         * The column's current type as {@code format_type(atttypid, atttypmod)} writes it
         * ({@code character varying(20)}, {@code numeric(10,2)}): ALTER COLUMN TYPE is free of a rewrite only
         * for some changes from a known type.
         */
        default Optional<String> columnType(QualifiedName table, String column) {
            return Optional.empty();
        }

        /** The session's {@code TimeZone}: timestamp → timestamptz is binary-compatible only under UTC (12+). */
        default Optional<String> sessionTimeZone() {
            return Optional.empty();
        }
    }
}
