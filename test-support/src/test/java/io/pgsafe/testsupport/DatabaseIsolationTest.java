package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Two {@link PostgresTest} classes get two databases: what one creates, the other cannot see, and both databases are
 * gone after the run. The two fixture classes are run through the JUnit engine from here (Surefire does not pick up
 * nested classes itself); their checks do not depend on which runs first.
 */
class DatabaseIsolationTest {

    static final Map<String, String> DATABASE_OF_FIXTURE = new ConcurrentHashMap<>();

    @Test
    void eachTestClassGetsItsOwnDatabaseWhichIsDroppedAfterIt() throws Exception {
        runFixturesAndCheckTheirDatabases(false);
    }

    @Test
    void alsoWhenTheClassesRunInParallel() throws Exception {
        runFixturesAndCheckTheirDatabases(true);
    }

    private static void runFixturesAndCheckTheirDatabases(boolean parallel) throws Exception {
        DATABASE_OF_FIXTURE.clear();

        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(FirstFixture.class), selectClass(SecondFixture.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));

        String first = DATABASE_OF_FIXTURE.get("first");
        String second = DATABASE_OF_FIXTURE.get("second");
        assertThat(first).startsWith("pgsafe_databaseisolationtest_firstfixture_");
        assertThat(second).startsWith("pgsafe_databaseisolationtest_secondfixture_");
        SharedPostgres server = SharedPostgres.get();
        assertThat(SharedPostgresTest.countDatabasesNamed(server, first)).as("dropped after its class").isZero();
        assertThat(SharedPostgresTest.countDatabasesNamed(server, second)).as("dropped after its class").isZero();
    }

    /** Creates the same table name as the other fixture (which would fail in a shared database) plus its own. */
    static void claim(String who, String other, TestDatabase database) throws SQLException {
        DATABASE_OF_FIXTURE.put(who, database.name());
        database.execute("create table same_name (owner text)");
        database.execute("insert into same_name values (?)", who);
        database.execute("create table only_in_" + who + " (id int)");
        assertThat(database.queryForString("select to_regclass('only_in_" + other + "')::text")).isNull();
        assertThat(database.queryForString("select string_agg(owner, ',') from same_name")).isEqualTo(who);
    }

    @PostgresTest
    static class FirstFixture {
        @Test
        void ownsItsDatabase(TestDatabase database) throws SQLException {
            claim("first", "second", database);
        }
    }

    @PostgresTest
    static class SecondFixture {
        @Test
        void ownsItsDatabase(TestDatabase database) throws SQLException {
            claim("second", "first", database);
        }
    }
}
