package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** lock_timeout 500ms, 2 retries, backoff 500ms then 1000ms (each with jitter down to half). */
@PostgresTest
class LockTimeoutTest {
    private static final String FAST = "pgsafe.lock-timeout=500ms&pgsafe.lock-timeout-retries=2";
    private static final String ADD_COLUMN = "ALTER TABLE accounts ADD COLUMN note text";

    @BeforeEach
    void table(TestDatabase db) throws SQLException {
        db.execute("drop table if exists accounts; create table accounts (id int primary key); "
                + "insert into accounts values (1)");
    }

    @Test
    void ddlBehindAHeldLockFailsWith55P03AfterLockTimeoutTimesOnePlusRetriesPlusBackoff(TestDatabase db)
            throws Exception {
        try (Connection holder = holdAccessShare(db); Connection app = PgSafeUrls.connect(db, FAST);
             Statement s = app.createStatement()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute(ADD_COLUMN)).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55P03");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("pgsafe retry timing: failed after " + millis + " ms");
            // 3 attempts x 500ms + backoff 250..500ms + 500..1000ms = 2250..3000ms, plus round trips.
            assertThat(millis).isBetween(2_200L, 4_000L);
        }
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'accounts' "
                + "and column_name = 'note'")).isZero();
    }

    @Test
    void aReaderArrivingBehindTheWaitingDdlWaitsAtMostAboutTheLockTimeout(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db); Connection app = PgSafeUrls.connect(db, FAST);
             Connection reader = db.connect()) {
            CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
                try (Statement s = app.createStatement()) {
                    s.execute(ADD_COLUMN);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            awaitLockWaiters(db, 1);
            long start = System.nanoTime();
            try (Statement r = reader.createStatement(); ResultSet rs = r.executeQuery("select count(*) from accounts")) {
                rs.next();
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            System.out.println("pgsafe reader wait behind guarded DDL: " + waited + " ms");
            assertThat(waited).isLessThan(900L);
            assertThatThrownBy(() -> ddl.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class);
        }
    }

    @Test
    void aLockReleasedDuringTheRetriesLetsTheDdlSucceed(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db); Connection app = PgSafeUrls.connect(db, FAST);
             Statement s = app.createStatement()) {
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(900);
                    holder.commit();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            s.execute(ADD_COLUMN);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("pgsafe DDL succeeded on a retry after " + millis + " ms");
            assertThat(millis).isGreaterThanOrEqualTo(900L);
            release.get(5, TimeUnit.SECONDS);
        }
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'accounts' "
                + "and column_name = 'note'")).isEqualTo(1);
    }

    @Test
    void sessionTimeoutsAreAsBeforeAfterASuccessInAutocommit(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db, FAST); Statement s = app.createStatement()) {
            setCustomTimeouts(s);
            s.execute(ADD_COLUMN);
            assertCustomTimeouts(s);
        }
    }

    @Test
    void sessionTimeoutsAreAsBeforeAfterAFailureInAutocommit(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db); Connection app = PgSafeUrls.connect(db, FAST);
             Statement s = app.createStatement()) {
            setCustomTimeouts(s);
            assertThatThrownBy(() -> s.execute(ADD_COLUMN)).isInstanceOf(SQLException.class);
            assertCustomTimeouts(s);
        }
    }

    @Test
    void sessionTimeoutsAreAsBeforeAfterASuccessInATransaction(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db, FAST); Statement s = app.createStatement()) {
            setCustomTimeouts(s);
            app.setAutoCommit(false);
            s.execute(ADD_COLUMN);
            assertCustomTimeouts(s);
            app.commit();
            assertCustomTimeouts(s);
        }
    }

    @Test
    void aFailureInATransactionLeavesTheTransactionUsableWithItsTimeoutsAsBefore(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db); Connection app = PgSafeUrls.connect(db, FAST);
             Statement s = app.createStatement()) {
            setCustomTimeouts(s);
            app.setAutoCommit(false);
            s.execute("insert into accounts values (2)");
            assertThatThrownBy(() -> s.execute(ADD_COLUMN)).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55P03");
            assertCustomTimeouts(s);
            app.commit();
        }
        assertThat(db.queryForLong("select count(*) from accounts")).isEqualTo(2);
    }

    private static Connection holdAccessShare(TestDatabase db) throws SQLException {
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("select count(*) from accounts")) {
            rs.next();
        }
        return holder;
    }

    private static void awaitLockWaiters(TestDatabase db, int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (db.queryForLong("select count(*) from pg_locks where not granted") >= count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("nobody waited for a lock");
    }

    private static void setCustomTimeouts(Statement s) throws SQLException {
        s.execute("set lock_timeout = '1234ms'");
        s.execute("set statement_timeout = '4321ms'");
    }

    private static void assertCustomTimeouts(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "select current_setting('lock_timeout'), current_setting('statement_timeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1234ms");
            assertThat(rs.getString(2)).isEqualTo("4321ms");
        }
    }
}
