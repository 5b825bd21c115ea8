package io.pgsafe.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the one server for this JVM: the configured URL, else Testcontainers when Docker is there, else embedded.
 * Every step is recorded as an {@link Attempt} so that a total failure can say what happened to each way.
 */
final class SharedPostgresResolver {

    /** Starts one way; any exception or linkage error (a missing optional jar) counts as that way failing. */
    @FunctionalInterface
    private interface Starter {
        ServerEndpoint start() throws Exception;
    }

    private final HarnessSettings settings;
    private final List<Attempt> attempts = new ArrayList<>();

    private SharedPostgresResolver(HarnessSettings settings) {
        this.settings = settings;
    }

    static SharedPostgres resolve(HarnessSettings settings) {
        return new SharedPostgresResolver(settings).resolve();
    }

    private SharedPostgres resolve() {
        long startNanos = System.nanoTime();
        SharedPostgres server = tryJdbcUrl(startNanos);
        if (server == null && !explicitUrlFailed()) {
            server = tryTestcontainers(startNanos);
            if (server == null) {
                server = tryEmbedded(startNanos);
            }
        }
        if (server == null) {
            throw new PostgresUnavailableException(attempts);
        }
        return server;
    }

    private boolean explicitUrlFailed() {
        return attempts.stream()
                .anyMatch(a -> a.source() == PostgresSource.JDBC_URL && a.outcome() == Attempt.Outcome.FAILED);
    }

    /**
     * A URL that was given on purpose must work: falling back to another server would hide a broken CI setup, so
     * when it fails the other ways are not tried.
     */
    private SharedPostgres tryJdbcUrl(long startNanos) {
        if (!settings.allows(PostgresSource.JDBC_URL)) {
            attempts.add(Attempt.skipped(PostgresSource.JDBC_URL, forcedNote()));
            return null;
        }
        if (settings.jdbcUrl() == null) {
            attempts.add(Attempt.notConfigured(PostgresSource.JDBC_URL,
                    "neither " + HarnessSettings.JDBC_URL_ENV + " nor -D" + HarnessSettings.JDBC_URL_PROPERTY + " is set"));
            return null;
        }
        SharedPostgres server = attempt(PostgresSource.JDBC_URL, "could not connect to " + settings.jdbcUrl(),
                () -> ExternalServer.of(settings), startNanos);
        if (server == null) {
            String why = "an explicit JDBC URL was given and failed; fix it or unset it";
            attempts.add(Attempt.skipped(PostgresSource.TESTCONTAINERS, why));
            attempts.add(Attempt.skipped(PostgresSource.EMBEDDED, why));
        }
        return server;
    }

    private SharedPostgres tryTestcontainers(long startNanos) {
        if (!settings.allows(PostgresSource.TESTCONTAINERS)) {
            attempts.add(Attempt.skipped(PostgresSource.TESTCONTAINERS, forcedNote()));
            return null;
        }
        boolean docker;
        try {
            docker = ContainerServer.dockerAvailable();
        } catch (Exception | LinkageError e) {
            attempts.add(Attempt.failed(PostgresSource.TESTCONTAINERS, "could not look for Docker", e));
            return null;
        }
        if (!docker) {
            attempts.add(Attempt.unavailable(PostgresSource.TESTCONTAINERS,
                    "no Docker engine found (DockerClientFactory.isDockerAvailable() is false)"));
            return null;
        }
        return attempt(PostgresSource.TESTCONTAINERS, "could not start image " + settings.image(),
                () -> ContainerServer.start(settings.image()), startNanos);
    }

    private SharedPostgres tryEmbedded(long startNanos) {
        if (!settings.allows(PostgresSource.EMBEDDED)) {
            attempts.add(Attempt.skipped(PostgresSource.EMBEDDED, forcedNote()));
            return null;
        }
        return attempt(PostgresSource.EMBEDDED, "could not start", EmbeddedServer::start, startNanos);
    }

    /** Starts one way and checks the server answers; records and cleans up on failure. */
    private SharedPostgres attempt(PostgresSource source, String what, Starter starter, long startNanos) {
        ServerEndpoint endpoint = null;
        try {
            endpoint = starter.start();
            return SharedPostgres.connect(endpoint, startNanos);
        } catch (Exception | LinkageError e) {
            if (endpoint != null) {
                endpoint.stopQuietly();
            }
            attempts.add(Attempt.failed(source, what, e));
            return null;
        }
    }

    private String forcedNote() {
        return HarnessSettings.SOURCE_ENV + "/-D" + HarnessSettings.SOURCE_PROPERTY + " forces "
                + settings.forcedSource().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
