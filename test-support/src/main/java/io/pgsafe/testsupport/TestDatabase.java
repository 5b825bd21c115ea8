package io.pgsafe.testsupport;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database of its own on the {@link SharedPostgres shared server}, created for one test class by
 * {@link PostgresTest} (or by {@link SharedPostgres#createDatabase(String)}) and dropped after it.
 *
 * <p>Why a database and not a schema: pgsafe's tests change settings, take locks, count backends and run migration
 * tools that create their own schemas; a database isolates all of that (pg_stat_activity rows, {@code ALTER DATABASE
 * SET}, extensions, every schema) where a schema isolates only object names. Creating one from {@code template0}
 * costs tens of milliseconds per class on the embedded server.
 *
 * <p>The helpers open a new connection per call and close it; they throw the driver's {@link SQLException} unchanged
 * so tests can assert on SQLState.
 */
public final class TestDatabase implements AutoCloseable {

    private final SharedPostgres server;
    private final String name;
    private final String url;
    private final AtomicBoolean dropped = new AtomicBoolean();

    private TestDatabase(SharedPostgres server, String name) {
        this.server = server;
        this.name = name;
        this.url = server.url().withDatabase(name).toString();
    }

    static TestDatabase create(SharedPostgres server, String name) throws SQLException {
        // template0: nobody can be connected to it (CREATE DATABASE fails if the template has sessions, and template1
        // on a shared server might), and nothing anybody added to template1 leaks into the tests.
        try (Connection admin = server.open(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            String hint = "42501".equals(e.getSQLState()) ? " The test user needs the CREATEDB privilege." : "";
            throw new SQLException("Could not create the test database " + name + " on " + server + ": "
                    + e.getMessage() + hint, e.getSQLState(), e);
        }
        return new TestDatabase(server, name);
    }

    /** The database name, e.g. {@code pgsafe_footest_k3j9x2ab}. */
    public String name() {
        return name;
    }

    /** {@code jdbc:postgresql://host:port/<name>}, without credentials. */
    public String url() {
        return url;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** The server this database lives on. */
    public SharedPostgres server() {
        return server;
    }

    /** {@code server_version_num} of the server, e.g. {@code 170011}. */
    public int serverVersionNum() {
        return server.serverVersionNum();
    }

    /** A new plain pgjdbc connection (autocommit on) to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return server.open(url);
    }

    /** A new pgjdbc data source for this database (a fresh instance, so callers may tune it). */
    public PGSimpleDataSource dataSource() {
        return server.dataSource(url);
    }

    /**
     * Runs SQL on a new connection. Without parameters it goes through a plain {@link Statement}, so several
     * statements separated by semicolons are allowed; with parameters it is one prepared statement.
     */
    public void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            if (parameters.length == 0) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            } else {
                try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                    statement.execute();
                }
            }
        }
    }

    /** The first column of the single row the query returns, as a long; fails on no row or SQL NULL. */
    public long queryForLong(String sql, Object... parameters) throws SQLException {
        String value = queryForString(sql, parameters);
        if (value == null) {
            throw new SQLException("Query returned NULL, expected a number: " + sql);
        }
        return Long.parseLong(value.trim());
    }

    /** The first column of the single row the query returns, as text (may be null); fails on no row or many. */
    public String queryForString(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("Query returned no row, expected one: " + sql);
            }
            String value = rows.getString(1);
            if (rows.next()) {
                throw new SQLException("Query returned more than one row, expected one: " + sql);
            }
            return value;
        }
    }

    /**
     * How many client backends are connected to this database, not counting the connection that asks: the
     * number of connections the code under test holds open.
     */
    public int backendCount() throws SQLException {
        return (int) queryForLong("select count(*) from pg_stat_activity where datname = current_database()"
                + " and backend_type = 'client backend' and pid <> pg_backend_pid()");
    }

    /**
     * Polls {@link #backendCount()} until it equals {@code expected} or the timeout passes, and returns the last
     * count. A backend leaves pg_stat_activity shortly after its client closed the connection, not at once.
     */
    public int awaitBackendCount(int expected, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = backendCount();
        while (count != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            count = backendCount();
        }
        return count;
    }

    /**
     * Drops the database after ending its leftover sessions. Idempotent. Called by {@link PostgresTest} after the
     * class; code that made the database through {@link SharedPostgres#createDatabase(String)} calls it itself.
     */
    @Override
    public void close() throws SQLException {
        if (dropped.getAndSet(true)) {
            return;
        }
        try (Connection admin = server.open()) {
            // Leftover connections (a leak in the code under test, a pool not closed) would block the drop.
            try (PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(pid)"
                    + " from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
                terminate.setString(1, name);
                terminate.executeQuery().close();
            }
            try (Statement drop = admin.createStatement()) {
                // FORCE (PostgreSQL 13+) also ends sessions that connected after the terminate above.
                drop.execute("DROP DATABASE IF EXISTS " + name + (serverVersionNum() >= 130000 ? " WITH (FORCE)" : ""));
            }
        }
    }

    @Override
    public String toString() {
        return "database " + name + " at " + url;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
