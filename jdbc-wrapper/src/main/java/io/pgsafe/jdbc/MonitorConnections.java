package io.pgsafe.jdbc;

import io.pgsafe.jdbc.monitor.MonitorConnectionFactory;
import java.lang.reflect.Method;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * How a {@link PgSafeDataSource} opens the lock monitor's own connection, never one from the application's pool:
 * pgjdbc's own data sources ({@code PGSimpleDataSource}: a fresh physical connection with the same settings), or
 * a pool that exposes {@code getJdbcUrl}/{@code getUsername}/{@code getPassword} (HikariCP), connected through a
 * directly instantiated {@code org.postgresql.Driver}. Otherwise none: the monitor reports durations only.
 */
final class MonitorConnections {
    private MonitorConnections() {
    }

    static MonitorConnectionFactory of(DataSource delegate, String user, String password) {
        try {
            if (delegate.isWrapperFor(BaseDataSource.class)) {
                BaseDataSource pg = delegate.unwrap(BaseDataSource.class);
                if (!(pg instanceof javax.sql.ConnectionPoolDataSource)) {
                    return user == null ? pg::getConnection : () -> pg.getConnection(user, password);
                }
            }
            Method url = delegate.getClass().getMethod("getJdbcUrl");
            Method username = delegate.getClass().getMethod("getUsername");
            Method secret = delegate.getClass().getMethod("getPassword");
            String jdbcUrl = (String) url.invoke(delegate);
            if (jdbcUrl == null) {
                return null;
            }
            Properties info = new Properties();
            String u = user != null ? user : (String) username.invoke(delegate);
            String p = user != null ? password : (String) secret.invoke(delegate);
            if (u != null) {
                info.setProperty("user", u);
            }
            if (p != null) {
                info.setProperty("password", p);
            }
            String postgresUrl = PgSafeUrl.accepts(jdbcUrl) ? PgSafeUrl.parse(jdbcUrl, null).postgresUrl() : jdbcUrl;
            org.postgresql.Driver driver = new org.postgresql.Driver();
            return () -> driver.connect(postgresUrl, info);
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
