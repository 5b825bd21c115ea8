package io.pgsafe.jdbc;

import java.sql.PreparedStatement;

/** A prepared statement whose text was checked at prepare time. */
final class PgSafePreparedStatement extends GuardedPreparedStatement<PreparedStatement> {
    PgSafePreparedStatement(PgSafeConnection connection, PreparedStatement delegate, String sql, boolean plain) {
        super(connection, delegate, sql, plain);
    }
}
