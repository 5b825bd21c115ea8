package io.pgsafe.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgsafe.testsupport.ConcurrentBuildProbe;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The scenario both Flyway modes run: {@code db/unsafe} (V1 creates and fills {@code orders}, V2 is a plain
 * {@code CREATE INDEX} in Flyway's default transaction) must fail with pgsafe's block, leave V2 unapplied and no
 * index; then {@code db/fixed} (the same two files plus {@code V2__index_orders_customer.sql.conf} with
 * {@code executeInTransaction=false}, the fix pgsafe's message names) must pass, with the server running
 * {@code CREATE INDEX CONCURRENTLY}.
 */
abstract class FlywayMigrationScenario {

    /** Flyway pointed at the test database through pgsafe, in the mode the subclass tests. */
    abstract FluentConfiguration flyway(TestDatabase db) throws Exception;

    void runScenario(TestDatabase db) throws Exception {
        FlywayException failure = catchThrowableOfType(FlywayException.class,
                () -> flyway(db).locations("classpath:db/unsafe").load().migrate());

        assertThat(failure).as("V2 must be blocked").isNotNull();
        assertThat(failure.getMessage()).contains("pgsafe blocked create-index-not-concurrently on orders")
                .contains("executeInTransaction=false");
        SQLException pgsafe = sqlExceptionIn(failure);
        assertThat(pgsafe.getClass().getName()).isEqualTo("io.pgsafe.jdbc.UnsafeStatementException");
        assertThat(pgsafe.getSQLState()).isEqualTo("PGS01");

        // PostgreSQL has transactional DDL, so Flyway 13 rolls V2's transaction back and records nothing for it:
        // V1 is applied, V2 has no row at all (not even success=false), and no index exists.
        assertThat(history(db)).containsExactly("1:true");
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'orders_customer'")).isZero();

        // Flyway's default lock for PostgreSQL is pg_advisory_xact_lock in a transaction it keeps open on a
        // second connection for the whole run; CREATE INDEX CONCURRENTLY waits for every open transaction, so it
        // would wait for Flyway itself (FlywayTransactionalLockTest). Session-level locks avoid that.
        String seen = ConcurrentBuildProbe.runWhileAWriterIsOpen(db, "orders", () -> {
            FluentConfiguration fixed = flyway(db).locations("classpath:db/fixed");
            // = flyway.postgresql.transactional.lock=false in flyway.conf / FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK
            fixed.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
            fixed.load().migrate();
        });

        assertThat(seen).startsWith("CREATE INDEX CONCURRENTLY orders_customer");
        assertThat(history(db)).containsExactly("1:true", "2:true");
        assertThat(ConcurrentBuildProbe.indexIsValid(db, "orders_customer")).isTrue();
    }

    private static List<String> history(TestDatabase db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery(
                "select version, success from flyway_schema_history where version is not null order by installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
            }
        }
        return rows;
    }

    private static SQLException sqlExceptionIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        throw new AssertionError("no SQLException in the cause chain of " + failure, failure);
    }
}
