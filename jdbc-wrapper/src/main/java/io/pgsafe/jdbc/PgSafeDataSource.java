package io.pgsafe.jdbc;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.monitor.MonitorConnectionFactory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps any PostgreSQL {@link DataSource} (a pool, {@code PGSimpleDataSource}, …): every connection it hands out
 * is a {@link PgSafeConnection}. Needs no URL prefix, so Spring Boot's, Flyway's and Liquibase's URL detection
 * stay as they are.
 */
public final class PgSafeDataSource implements DataSource {
    private final DataSource delegate;
    private final ConfigLoader.Settings settings;

    /** With the configuration from the usual layers (classpath file, named file, environment, system properties). */
    public PgSafeDataSource(DataSource delegate) throws SQLException {
        this(delegate, PgSafeDriver.settings(new PgSafeUrl("", new java.util.Properties(), Map.of())));
    }

    /** With an explicit configuration (e.g. bound from Spring properties). */
    public PgSafeDataSource(DataSource delegate, PgSafeConfig config) {
        this(delegate, ConfigLoader.Settings.of(config));
    }

    private PgSafeDataSource(DataSource delegate, ConfigLoader.Settings settings) {
        this.delegate = delegate;
        this.settings = settings;
    }

    /**
     * The lock monitor's own connection (never one from the delegate pool), worked out the first time a guarded
     * statement needs it, not at each checkout.
     */
    private final MonitorConnectionFactory monitor = this::openMonitor;
    private volatile MonitorConnectionFactory monitorFactory;

    private Connection openMonitor() throws SQLException {
        MonitorConnectionFactory f = monitorFactory;
        if (f == null) {
            f = MonitorConnections.of(delegate, null, null);
            monitorFactory = f;
        }
        return open(f);
    }

    private Connection open(MonitorConnectionFactory factory) throws SQLException {
        if (factory == null) {
            throw new SQLException("pgsafe cannot open a second connection from " + delegate.getClass().getName()
                    + ": it is neither a pgjdbc data source nor exposes getJdbcUrl/getUsername/getPassword");
        }
        return factory.open();
    }

    public PgSafeConfig config() {
        return settings.config();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return PgSafeConnection.wrap(delegate.getConnection(), settings, monitor);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return PgSafeConnection.wrap(delegate.getConnection(username, password), settings,
                () -> open(MonitorConnections.of(delegate, username, password)));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
