package io.pgsafe.testsupport;

import java.util.List;

/**
 * No way to get a PostgreSQL server worked. The message names all three ways and what happened with each, because a
 * test that needs a database must fail loudly and say how to fix it, never skip silently.
 * The exceptions of the failed attempts are attached as suppressed exceptions.
 */
public final class PostgresUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    PostgresUnavailableException(List<Attempt> attempts) {
        super(describe(attempts));
        attempts.stream().map(Attempt::cause).filter(c -> c != null).forEach(this::addSuppressed);
    }

    /** For a later caller of {@link SharedPostgres#get()}: same message, the first failure as cause. */
    PostgresUnavailableException(String message) {
        super(message);
    }

    static String describe(List<Attempt> attempts) {
        StringBuilder message = new StringBuilder(
                "No PostgreSQL server for the tests. The pgsafe test harness tries three ways, in this order:");
        int number = 1;
        for (PostgresSource source : PostgresSource.values()) {
            message.append("\n  ").append(number++).append(". ").append(source.description()).append(": ");
            Attempt attempt = attempts.stream().filter(a -> a.source() == source).findFirst().orElse(null);
            if (attempt == null) {
                message.append("not tried");
            } else {
                message.append(attempt.outcome().label).append(" - ").append(attempt.detail());
            }
        }
        message.append("\nFix one of them: set ").append(HarnessSettings.JDBC_URL_ENV)
                .append(" (e.g. jdbc:postgresql://127.0.0.1:5432/postgres) to a server whose user may CREATE DATABASE,")
                .append(" or start a Docker engine, or make the embedded PostgreSQL binaries for this platform available.");
        return message.toString();
    }
}
