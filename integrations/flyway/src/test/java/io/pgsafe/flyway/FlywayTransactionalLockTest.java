package io.pgsafe.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
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
        assertThat(db.queryForLong("select count(*) from flyway_schema_history where version = '2' and success"))
                .isZero();
    }
}
