package io.pgsafe.core.sql;

/** What the first key word of a statement says it is: all the hot path needs to know. */
public enum StatementClass {
    /** SELECT, INSERT, WITH, SET, … — passed straight through. */
    OTHER,
    /** CREATE, ALTER, DROP, TRUNCATE, REINDEX, VACUUM, CLUSTER, LOCK, REFRESH, COMMENT, GRANT, REVOKE. */
    DDL,
    /** BEGIN, START, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE. */
    TRANSACTION_CONTROL,
    /** UPDATE: a whole-table backfill when it has no WHERE, worth a look inside a transaction that ran DDL. */
    UPDATE,
    /** DELETE: likewise. */
    DELETE
}
