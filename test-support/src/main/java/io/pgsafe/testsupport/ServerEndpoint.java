package io.pgsafe.testsupport;

import java.util.Objects;

/**
 * Where a server is reachable and how to let it go. {@code url} points at the server's default (admin) database.
 * {@code stopper} runs at JVM shutdown; for a server the harness did not start it does nothing.
 */
record ServerEndpoint(PostgresSource source, JdbcUrl url, String user, String password, String detail,
                      AutoCloseable stopper) {

    ServerEndpoint {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(stopper, "stopper");
    }

    /** Stops the server if the harness started it; failures only matter little at shutdown, so they are printed. */
    void stopQuietly() {
        try {
            stopper.close();
        } catch (Exception e) {
            System.err.println("pgsafe test-support: could not stop the " + source + " PostgreSQL: " + e);
        }
    }
}
