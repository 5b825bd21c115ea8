package io.pgsafe.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extension injects one database per class everywhere a parameter can be declared; the helpers work. */
@PostgresTest
class PostgresTestExtensionTest {

    private static TestDatabase fromBeforeAll;
    private final TestDatabase fromConstructor;
    private TestDatabase fromBeforeEach;

    PostgresTestExtensionTest(TestDatabase database) {
        this.fromConstructor = database;
    }

    @BeforeAll
    static void createSchema(TestDatabase database) throws SQLException {
        fromBeforeAll = database;
        database.execute("create table if not exists seen (id int)");
    }

    @BeforeEach
    void remember(TestDatabase database) {
        fromBeforeEach = database;
    }

    @AfterAll
    static void stillThereAfterAll(TestDatabase database) throws SQLException {
        assertThat(database.queryForLong("select count(*) from pg_database where datname = current_database()"))
                .isEqualTo(1);
    }

    @Test
    void injectsTheSameDatabaseEverywhere(TestDatabase database, SharedPostgres server) {
        assertThat(database).isSameAs(fromConstructor).isSameAs(fromBeforeAll).isSameAs(fromBeforeEach);
        assertThat(database.server()).isSameAs(server).isSameAs(SharedPostgres.get());
    }

    @Test
    void connectsToItsOwnDatabase(TestDatabase database) throws SQLException {
        assertThat(database.name()).startsWith("pgsafe_postgrestestextensiontest_");
        assertThat(database.url()).startsWith("jdbc:postgresql:").endsWith("/" + database.name());
        assertThat(database.queryForString("select current_database()")).isEqualTo(database.name());
        try (Connection connection = database.connect()) {
            assertThat(connection.unwrap(PGConnection.class)).isNotNull();
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getCatalog()).isEqualTo(database.name());
        }
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(connection.getCatalog()).isEqualTo(database.name());
        }
    }

    @Test
    void knowsTheServerVersion(TestDatabase database) throws SQLException {
        assertThat(database.serverVersionNum())
                .isEqualTo(database.queryForLong("select current_setting('server_version_num')::int"))
                .isGreaterThanOrEqualTo(120000);
    }

    @Test
    void helpersRunStatementsAndQueries(TestDatabase database) throws SQLException {
        database.execute("create table helper (id int primary key, name text); insert into helper values (1, 'one')");
        database.execute("insert into helper values (?, ?)", 2, "two");
        assertThat(database.queryForLong("select count(*) from helper")).isEqualTo(2);
        assertThat(database.queryForString("select name from helper where id = ?", 2)).isEqualTo("two");
        assertThat(database.queryForString("select null::text")).isNull();
        assertThatThrownBy(() -> database.queryForLong("select id from helper")).hasMessageContaining("more than one");
        assertThatThrownBy(() -> database.queryForLong("select id from helper where false")).hasMessageContaining("no row");
        // Driver exceptions come through unchanged, so tests can assert on SQLState.
        assertThatThrownBy(() -> database.execute("insert into helper values (1, 'again')"))
                .isInstanceOf(PSQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
    }

    @Test
    void countsTheBackendsOthersHoldOpen(TestDatabase database) throws Exception {
        assertThat(database.awaitBackendCount(0, Duration.ofSeconds(5))).isZero();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(database.connect());
            }
            assertThat(database.backendCount()).isEqualTo(3);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(database.awaitBackendCount(0, Duration.ofSeconds(5))).isZero();
    }

    @Nested
    class NestedClass {
        @Test
        void sharesTheEnclosingClassDatabase(TestDatabase database) throws SQLException {
            assertThat(database).isSameAs(fromBeforeAll);
            assertThat(database.queryForString("select to_regclass('seen')::text")).isEqualTo("seen");
        }
    }
}
