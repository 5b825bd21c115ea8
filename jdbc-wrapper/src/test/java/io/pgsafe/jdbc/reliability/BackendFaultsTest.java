package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafe.jdbc.PgSafeUrls;
import io.pgsafe.jdbc.TelemetryHarness;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backend running guarded DDL is terminated (pg_terminate_backend from another session) while the DDL waits
 * and between two lock_timeout retries: a clear connection-loss error (57P01 or class 08), no hang, no half-applied
 * change (a killed concurrent build's INVALID index is reported with the statement that drops it), the
 * connection's autocommit flag as the application set it, and the next connection works.
 */
@PostgresTest
class BackendFaultsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void aConcurrentIndexBuildKilledWhileWaitingForAWriterFailsAndNamesTheCleanup(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            db.execute("create table cic_t (id int, v int); insert into cic_t select g, g from generate_series(1, 1000) g");
            try (Connection admin = db.connect(); Connection writer = db.connect();
                 Connection app = PgSafeUrls.connect(db)) {
                writer.setAutoCommit(false);
                try (Statement w = writer.createStatement()) {
                    w.executeUpdate("insert into cic_t values (0, 0)"); // an open writer: the build waits for it
                }
                int pid = TelemetryHarness.pid(app);
                CompletableFuture<Void> build = run(app, "CREATE INDEX CONCURRENTLY cic_v ON cic_t (v)");
                Faults.await("the build to wait for the writer", 20, () -> Faults.waitingOnLock(admin, pid));
                assertThat(Faults.terminate(admin, pid)).isTrue();
                SQLException failure = failureOf(build);
                String story = Faults.story(failure);
                System.out.println("pgsafe fault (CIC killed while waiting):\n" + story);
                assertThat(Faults.connectionLost(failure)).as(story).isTrue();
                assertThat(story).contains("DROP INDEX CONCURRENTLY IF EXISTS cic_v");
                assertThat(app.getAutoCommit()).isTrue();
                assertThat(app.isValid(2)).isFalse();
                writer.rollback();
                // The half-built index is there, INVALID, exactly as reported; the statement given removes it.
                assertThat(Faults.count(admin, "select count(*) from pg_index where indexrelid = "
                        + "to_regclass('cic_v') and not indisvalid")).isEqualTo(1);
            }
            try (Connection next = PgSafeUrls.connect(db); Statement s = next.createStatement()) {
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS cic_v");
                s.execute("CREATE INDEX CONCURRENTLY cic_v ON cic_t (v)");
            }
            assertThat(db.queryForLong("select count(*) from pg_index where indexrelid = to_regclass('cic_v') "
                    + "and indisvalid")).isEqualTo(1);
        });
    }

    @Test
    void aGuardedAlterKilledWhileWaitingForItsLockInATransactionFailsCleanly(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            db.execute("create table alt_t (id int primary key)");
            try (Connection admin = db.connect(); Connection holder = TelemetryHarness.holdAccessShare(db, "alt_t");
                 Connection app = PgSafeUrls.connect(db, "pgsafe.lock-timeout=30s")) {
                app.setAutoCommit(false);
                int pid = TelemetryHarness.pid(app);
                CompletableFuture<Void> alter = run(app, "ALTER TABLE alt_t ADD COLUMN note text");
                Faults.await("the ALTER to wait for its lock", 20, () -> Faults.waitingOnLock(admin, pid));
                assertThat(Faults.terminate(admin, pid)).isTrue();
                SQLException failure = failureOf(alter);
                String story = Faults.story(failure);
                System.out.println("pgsafe fault (ALTER killed while waiting):\n" + story);
                assertThat(Faults.connectionLost(failure)).as(story).isTrue();
                assertThat(app.getAutoCommit()).isFalse();
                assertThat(catchThrowable(app::rollback)).isInstanceOfAny(SQLException.class, null);
                holder.rollback();
            }
            assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'alt_t' "
                    + "and column_name = 'note'")).isZero();
            try (Connection next = PgSafeUrls.connect(db); Statement s = next.createStatement()) {
                s.execute("ALTER TABLE alt_t ADD COLUMN note text");
            }
        });
    }

    @Test
    void aBackendKilledBetweenLockTimeoutRetriesEndsTheRetriesWithAConnectionError(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            db.execute("create table rt_t (id int primary key)");
            try (Connection admin = db.connect(); Connection holder = TelemetryHarness.holdAccessShare(db, "rt_t");
                 Connection app = PgSafeUrls.connect(db, "pgsafe.lock-timeout=300ms&pgsafe.lock-timeout-retries=3"
                         + "&pgsafe.retry-backoff=4s")) {
                int pid = TelemetryHarness.pid(app);
                long start = System.nanoTime();
                CompletableFuture<Void> alter = run(app, "ALTER TABLE rt_t ADD COLUMN note text");
                Faults.await("the first attempt to wait", 20, () -> Faults.waitingOnLock(admin, pid));
                // After lock_timeout the backend is idle while pgsafe sleeps before the retry (2s to 4s).
                Faults.await("the pause before the retry", 20, () -> "idle".equals(Faults.state(admin, pid)));
                assertThat(Faults.terminate(admin, pid)).isTrue();
                SQLException failure = failureOf(alter);
                long millis = (System.nanoTime() - start) / 1_000_000;
                String story = Faults.story(failure);
                System.out.println("pgsafe fault (killed between retries, " + millis + " ms):\n" + story);
                assertThat(Faults.connectionLost(failure)).as(story).isTrue();
                // No further retries on a dead connection: one backoff (at most 4s) after the first attempt.
                assertThat(millis).isLessThan(15_000L);
                assertThat(app.getAutoCommit()).isTrue();
                holder.rollback();
            }
            try (Connection next = PgSafeUrls.connect(db); Statement s = next.createStatement()) {
                s.execute("ALTER TABLE rt_t ADD COLUMN note text");
            }
        });
    }

    static CompletableFuture<Void> run(Connection app, String sql) {
        return CompletableFuture.runAsync(() -> {
            try (Statement s = app.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    static SQLException failureOf(CompletableFuture<Void> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                return sql;
            }
            throw new AssertionError("not an SQLException out of pgsafe", e.getCause());
        }
        throw new AssertionError("the statement succeeded");
    }
}
