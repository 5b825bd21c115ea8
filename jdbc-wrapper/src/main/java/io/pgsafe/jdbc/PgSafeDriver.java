package io.pgsafe.jdbc;

import io.pgsafe.core.config.PgSafeConfigException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:pgsafe:postgresql://host/db?pgsafe.lock-timeout=1s&…}: strips pgsafe's own
 * parameters, connects through a directly instantiated {@code org.postgresql.Driver} (never a DriverManager
 * search, which fails across class loaders, flyway/flyway#3409) and wraps the connection.
 */
public final class PgSafeDriver implements Driver {

    static {
        try {
            DriverManager.registerDriver(new PgSafeDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Driver postgres = new org.postgresql.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        PgSafeUrl parsed = PgSafeUrl.parse(url, info);
        ConfigLoader.Settings settings = settings(parsed);
        Connection connection = postgres.connect(parsed.postgresUrl(), parsed.postgresInfo());
        if (connection == null) {
            throw new SQLException("pgjdbc did not accept the URL pgsafe derived from " + PgSafeUrl.PREFIX
                    + "… (check the host/database part)", "08001");
        }
        return PgSafeConnection.wrap(connection, settings, monitorFactory(parsed));
    }

    /** The lock monitor's connection: the same pgjdbc URL and properties (credentials included), never logged. */
    private io.pgsafe.jdbc.monitor.MonitorConnectionFactory monitorFactory(PgSafeUrl parsed) {
        String url = parsed.postgresUrl();
        Properties info = new Properties();
        info.putAll(parsed.postgresInfo());
        return () -> postgres.connect(url, info);
    }

    static ConfigLoader.Settings settings(PgSafeUrl parsed) throws SQLException {
        try {
            return ConfigLoader.load(parsed.pgsafeParameters());
        } catch (PgSafeConfigException e) {
            throw new SQLException(e.getMessage(), "22023", e);
        } catch (RuntimeException e) {
            throw new SQLException("pgsafe could not read its configuration: " + e.getMessage(), "22023", e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return PgSafeUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        PgSafeUrl parsed = PgSafeUrl.parse(url, info);
        return postgres.getPropertyInfo(parsed.postgresUrl(), parsed.postgresInfo());
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }
}
