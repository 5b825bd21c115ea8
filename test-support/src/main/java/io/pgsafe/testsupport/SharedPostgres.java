package io.pgsafe.testsupport;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The one real PostgreSQL server of this JVM, found lazily on first use by {@link #get()} in this order: the URL in
 * {@code PGSAFE_TEST_JDBC_URL} (or {@code -Dpgsafe-test.jdbc-url}), else Testcontainers when Docker is there, else an
 * embedded server. A server the harness started is stopped by a JVM shutdown hook.
 *
 * <p>Tests normally do not use this directly but get their own database through {@link PostgresTest}. The connection
 * methods here reach the server's default database, which is shared by everybody: use it for administration only.
 */
public final class SharedPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPostgres.class);

    /** Guarded by the class lock; a failure is kept too, so later tests fail at once with the same message. */
    private static SharedPostgres instance;
    private static PostgresUnavailableException failure;

    private final ServerEndpoint endpoint;
    private final String serverVersion;
    private final int serverVersionNum;
    private final Duration startupTime;

    private SharedPostgres(ServerEndpoint endpoint, String serverVersion, int serverVersionNum, Duration startupTime) {
        this.endpoint = endpoint;
        this.serverVersion = serverVersion;
        this.serverVersionNum = serverVersionNum;
        this.startupTime = startupTime;
    }

    /**
     * The server, started or connected on the first call (thread-safe; concurrent callers wait for the first).
     *
     * @throws PostgresUnavailableException naming the three ways and what failed with each
     */
    public static synchronized SharedPostgres get() {
        if (instance == null && failure == null) {
            try {
                instance = SharedPostgresResolver.resolve(HarnessSettings.fromEnvironment());
                Runtime.getRuntime().addShutdownHook(
                        new Thread(instance.endpoint::stopQuietly, "pgsafe-test-postgres-shutdown"));
            } catch (PostgresUnavailableException e) {
                failure = e;
            }
        }
        if (failure != null) {
            // A fresh exception per caller (with the first as cause) so every failing test shows its own stack.
            PostgresUnavailableException again = new PostgresUnavailableException(failure.getMessage());
            again.initCause(failure);
            throw again;
        }
        return instance;
    }

    /** Checks the endpoint answers and reads its version; called by the resolver for each way it tries. */
    static SharedPostgres connect(ServerEndpoint endpoint, long startNanos) throws SQLException {
        try (Connection connection = open(endpoint.url().toString(), endpoint);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "select current_setting('server_version'), current_setting('server_version_num')::int")) {
            row.next();
            Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
            SharedPostgres server = new SharedPostgres(endpoint, row.getString(1), row.getInt(2), startup);
            LOG.info("pgsafe tests use PostgreSQL {} ({}, {}) at {}; ready after {} ms", server.serverVersion,
                    endpoint.source(), endpoint.detail(), endpoint.url(), startup.toMillis());
            return server;
        }
    }

    private static Connection open(String url, ServerEndpoint endpoint) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        return DriverManager.getConnection(url, properties);
    }

    /** Which way the server was found. */
    public PostgresSource source() {
        return endpoint.source();
    }

    /** {@code server_version}, e.g. {@code 17.11}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** {@code server_version_num}, e.g. {@code 170011}. */
    public int serverVersionNum() {
        return serverVersionNum;
    }

    /** From the first {@link #get()} until the server answered, including the ways tried before. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The URL of the server's default database, without credentials: {@code jdbc:postgresql://host:port/db}
     * (a URL given by the user keeps its other parameters, e.g. {@code sslmode}).
     */
    public String jdbcUrl() {
        return endpoint.url().toString();
    }

    public String user() {
        return endpoint.user();
    }

    public String password() {
        return endpoint.password();
    }

    /** A new connection to the server's default database; the caller closes it. */
    public Connection open() throws SQLException {
        return open(jdbcUrl());
    }

    /** A new connection to another database of this server, with the server's credentials. */
    Connection open(String url) throws SQLException {
        return open(url, endpoint);
    }

    /** A new data source for the server's default database (a fresh instance, so callers may tune it). */
    public PGSimpleDataSource dataSource() {
        return dataSource(jdbcUrl());
    }

    PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(endpoint.user());
        dataSource.setPassword(endpoint.password());
        return dataSource;
    }

    /**
     * Creates a fresh, empty database named after {@code nameHint} plus a random suffix. {@link PostgresTest} does this
     * per test class; code outside JUnit (benchmarks, tools) can call it directly and must {@code close()} the result.
     */
    public TestDatabase createDatabase(String nameHint) throws SQLException {
        return TestDatabase.create(this, DatabaseNames.unique(nameHint));
    }

    JdbcUrl url() {
        return endpoint.url();
    }

    @Override
    public String toString() {
        return "PostgreSQL " + serverVersion + " (" + endpoint.source() + ") at " + jdbcUrl();
    }
}
