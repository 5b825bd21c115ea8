package io.pgsafe.jdbc.monitor;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the lock monitor's own connection: same URL and credentials as the application's, never one from the
 * application's pool. Called at most once per guarded connection, the first time a guarded DDL statement runs.
 */
@FunctionalInterface
public interface MonitorConnectionFactory {
    Connection open() throws SQLException;
}
