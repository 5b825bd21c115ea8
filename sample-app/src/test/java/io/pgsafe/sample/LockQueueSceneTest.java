package io.pgsafe.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The demo's lock-queue claim, measured: readers wait as long as the long transaction without pgsafe, about the lock timeout with it. */
@PostgresTest
class LockQueueSceneTest {

    @Test
    void pgsafeBoundsTheReadersWaitByItsLockTimeout(TestDatabase db) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        LockQueueScene.Result without = LockQueueScene.run(db.url(), db.user(), db.password(), db.dataSource(), "a", quiet);
        LockQueueScene.Result with = LockQueueScene.run(db.url(), db.user(), db.password(),
                LockQueueScene.pgsafe(db.url(), db.user(), db.password()), "b", quiet);

        assertThat(without.ddlOutcome()).isEqualTo("applied");
        assertThat(without.readers().quantileMillis(1.0)).as("worst reader wait without pgsafe, ms")
                .isGreaterThan(LockQueueScene.BLOCKER_MILLIS - 1000);
        assertThat(with.ddlOutcome()).isEqualTo("applied");
        assertThat(with.readers().quantileMillis(1.0)).as("worst reader wait with pgsafe (lock-timeout 200ms), ms")
                .isLessThan(1000);
        assertThat(with.readers().errors()).isZero();
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'queue_demo'"
                + " and column_name in ('a', 'b')")).isEqualTo(2);
    }
}
