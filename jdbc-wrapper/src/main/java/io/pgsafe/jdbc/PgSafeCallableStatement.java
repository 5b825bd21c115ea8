package io.pgsafe.jdbc;

import java.sql.CallableStatement;

/** A callable statement whose text was checked at prepare time. */
final class PgSafeCallableStatement extends CallableStatementDelegate {
    PgSafeCallableStatement(PgSafeConnection connection, CallableStatement delegate, String sql, boolean plain) {
        super(connection, delegate, sql, plain);
    }
}
