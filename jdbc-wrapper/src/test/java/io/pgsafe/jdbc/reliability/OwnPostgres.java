package io.pgsafe.jdbc.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of the test's own (never the shared server) that can be stopped and started again on the
 * same data directory and port. The superuser {@code postgres} logs in without a password; every other role needs
 * its password (scram-sha-256), so a wrong password fails as on a real server.
 */
final class OwnPostgres implements AutoCloseable {
    static final String USER = "postgres";
    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private EmbeddedPostgres server;

    private OwnPostgres(Path dataDirectory, Path log, int port) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = port;
    }

    static OwnPostgres start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OwnPostgres own = new OwnPostgres(Files.createTempDirectory("pgsafe-own-pg-"),
                Files.createTempFile("pgsafe-own-pg-", ".log"), port);
        own.startAgain();
        return own;
    }

    /** Starts the server on its data directory (initdb only the first time). */
    void startAgain() throws IOException {
        Redirect toLog = Redirect.appendTo(log.toFile());
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "40")
                .setLocaleConfig("locale", "C")
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                                local all postgres trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                local all all scram-sha-256
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(true)
                .start();
    }

    /** A fast shutdown: every session is terminated (57P01), as when PostgreSQL restarts under a migration. */
    void stop() throws IOException {
        server.close();
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    String pgsafeUrl(String parameters) {
        String url = url().replace("jdbc:postgresql:", "jdbc:pgsafe:postgresql:");
        return parameters.isEmpty() ? url : url + "?" + parameters;
    }

    int port() {
        return port;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(log);
        }
    }
}
