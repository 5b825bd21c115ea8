package io.pgsafe.jdbc;

import java.sql.Statement;

/** A plain statement whose SQL texts pass pgsafe's checks. */
final class PgSafeStatement extends GuardedStatement<Statement> {
    PgSafeStatement(PgSafeConnection connection, Statement delegate) {
        super(connection, delegate, null);
    }
}
