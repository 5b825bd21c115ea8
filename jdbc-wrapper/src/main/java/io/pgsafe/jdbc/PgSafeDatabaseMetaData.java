package io.pgsafe.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/** pgjdbc's metadata, except that {@link #getConnection()} returns the pgsafe connection, not a way around it. */
final class PgSafeDatabaseMetaData extends DatabaseMetaDataDelegate {
    private final PgSafeConnection connection;

    PgSafeDatabaseMetaData(PgSafeConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
