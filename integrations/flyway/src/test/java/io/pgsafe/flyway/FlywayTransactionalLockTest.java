package io.pgsafe.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgsafe.testsupport.ConcurrentBuildProbe;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pitfall behind Flyway's {@code postgresql.transactional.lock} setting: with Flyway's default (true), Flyway
 * holds {@code pg_advisory_xact_lock} inside a transaction on a second connection for the whole migrate, and a
 * {@code CREATE INDEX CONCURRENTLY} in a non-transactional migration waits for that transaction to end, which it
 * never does: Flyway waits for the index, the index waits for Flyway. pgsafe's concurrent lock timeout ends the wait
 * (10min by default; 1s here, no retries), the INVALID index is dropped, and the migration fails instead of hanging.
 */
@PostgresTest
class FlywayTransactionalLockTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withFlywaysDefaultTransactionalLockTheConcurrentBuildWaitsForFlywayItself(TestDatabase db) throws Exception {
        String url = FlywayUrlModeTest.pgsafeUrl(db)
                + "?pgsafe.concurrent-lock-timeout=1s&pgsafe.lock-timeout-retries=0";
        FlywayException failure = catchThrowableOfType(FlywayException.class, () -> Flyway.configure()
                .dataSource(url, db.user(), db.password()).locations("classpath:db/fixed").load().migrate());

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("55P03").contains("lock timeout");
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'orders_customer'"))
                .as("pgsafe dropped the INVALID index the cancelled build left").isZero();
        // Observed with Flyway 13.12: no row for V2, not even success=false (the history write happens under the
        // lock transaction, which is rolled back), so no `flyway repair` is needed ...
        assertThat(history(db)).isEqualTo("1:true");

        // ... and the same migrate with session-level locks then succeeds.
        FluentConfiguration fixed = Flyway.configure().dataSource(url, db.user(), db.password())
                .locations("classpath:db/fixed");
        fixed.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        fixed.load().migrate();
        assertThat(history(db)).isEqualTo("1:true,2:true");
        assertThat(ConcurrentBuildProbe.indexIsValid(db, "orders_customer")).isTrue();
    }

    private static String history(TestDatabase db) throws Exception {
        return db.queryForString("select string_agg(version || ':' || success, ',' order by installed_rank) "
                + "from flyway_schema_history where version is not null");
    }
}
