package io.pgsafe.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Way 2: a PostgreSQL container. Only this class touches Testcontainers, so a module that leaves Testcontainers off
 * its classpath only loses this way (as a recorded failure), not the harness.
 */
final class ContainerServer {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String DATABASE = "postgres";

    private ContainerServer() {
    }

    /** About 0.4 s when there is no Docker; it answers false rather than throwing. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook through the endpoint's stopper
    static ServerEndpoint start(String image) {
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(DATABASE)
                .withUsername(USER)
                .withPassword(PASSWORD);
        // Same settings as the embedded server: durability is worthless for throw-away test data.
        container.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=" + EmbeddedServer.MAX_CONNECTIONS);
        container.start();
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + DATABASE);
        return new ServerEndpoint(PostgresSource.TESTCONTAINERS, url, USER, PASSWORD,
                "container " + container.getContainerName() + " from image " + image, container);
    }
}
