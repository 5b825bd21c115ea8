package io.pgsafe.testsupport;

/**
 * Way 1: a server that already runs, given by URL. The harness neither starts nor stops it.
 */
final class ExternalServer {

    private ExternalServer() {
    }

    /**
     * Credentials come from PGSAFE_TEST_USER/PGSAFE_TEST_PASSWORD, else from the URL's own {@code user}/{@code password}
     * parameters, which are then taken out of the URL so that it stays plain and pgjdbc does not let them override
     * the credentials the harness passes.
     */
    static ServerEndpoint of(HarnessSettings settings) {
        JdbcUrl given = JdbcUrl.parse(settings.jdbcUrl());
        String user = settings.user() != null ? settings.user() : given.parameter("user").orElse("postgres");
        String password = settings.password() != null ? settings.password() : given.parameter("password").orElse("");
        JdbcUrl url = given.withoutParameters("user", "password");
        return new ServerEndpoint(PostgresSource.JDBC_URL, url, user, password, "server given by URL", () -> {
            // Not ours: leave it running.
        });
    }
}
