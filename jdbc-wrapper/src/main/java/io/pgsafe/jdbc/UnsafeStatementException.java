package io.pgsafe.jdbc;

import java.sql.SQLException;

/**
 * pgsafe refused a statement and did not send it. The message says which rule, on which table, why, the safe
 * steps and how to allow it: {@code pgsafe blocked <rule-id> on <table>: … Fix: … To allow: -- pgsafe:allow …}.
 */
public final class UnsafeStatementException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** pgsafe's own SQLSTATE: class PG (not used by PostgreSQL), subclass S01. */
    public static final String SQLSTATE = "PGS01";

    public UnsafeStatementException(String message) {
        super(message, SQLSTATE);
    }
}
