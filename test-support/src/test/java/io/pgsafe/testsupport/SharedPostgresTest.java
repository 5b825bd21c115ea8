package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The smoke test: a real server is there and answers, whichever way it was found. */
class SharedPostgresTest {

    @Test
    void answersSelectVersion() throws Exception {
        SharedPostgres server = SharedPostgres.get();
        System.out.printf("pgsafe test harness: PostgreSQL %s (%d) via %s at %s, ready after %d ms%n",
                server.serverVersion(), server.serverVersionNum(), server.source(), server.jdbcUrl(),
                server.startupTime().toMillis());

        try (Connection connection = server.open();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select version()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).startsWith("PostgreSQL " + server.serverVersion().split(" ")[0]);
        }
    }

    @Test
    void describesItself() {
        SharedPostgres server = SharedPostgres.get();
        assertThat(server.source()).isNotNull();
        assertThat(server.serverVersionNum()).isGreaterThanOrEqualTo(120000);
        assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql:").doesNotContain("user=", "password=");
        assertThat(server.user()).isNotBlank();
        assertThat(server.password()).isNotNull();
        assertThat(server.startupTime()).isPositive();
    }

    @Test
    void dataSourceConnectsWithTheServerCredentials() throws Exception {
        try (Connection connection = SharedPostgres.get().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_user")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(SharedPostgres.get().user());
        }
    }

    @Test
    void isOneServerPerJvmEvenUnderConcurrentFirstUse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SharedPostgres>> calls = IntStream.range(0, 16)
                    .mapToObj(i -> (Callable<SharedPostgres>) SharedPostgres::get)
                    .collect(Collectors.toList());
            for (Future<SharedPostgres> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isSameAs(SharedPostgres.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createDatabaseGivesAUsableDatabaseThatCloseDrops() throws Exception {
        SharedPostgres server = SharedPostgres.get();
        String name;
        try (TestDatabase database = server.createDatabase("Programmatic use")) {
            name = database.name();
            assertThat(name).startsWith("pgsafe_programmatic_use_");
            assertThat(database.queryForString("select current_database()")).isEqualTo(name);
        }
        assertThat(countDatabasesNamed(server, name)).isZero();
    }

    static long countDatabasesNamed(SharedPostgres server, String name) throws Exception {
        try (Connection connection = server.open();
             var statement = connection.prepareStatement("select count(*) from pg_database where datname = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
