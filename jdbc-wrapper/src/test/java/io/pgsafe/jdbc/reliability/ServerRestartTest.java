package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafe.jdbc.TelemetryHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts (fast shutdown, then start) while a guarded DDL waits for its lock, on a server of the test's
 * own: the DDL fails at once with a connection error, nothing is half-applied, the old connection says it is
 * invalid without hanging, and a new connection after the restart runs the DDL.
 */
class ServerRestartTest {

    @Test
    void aRestartWhileGuardedDdlWaitsFailsTheDdlCleanlyAndTheNextConnectionWorks() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (OwnPostgres pg = OwnPostgres.start()) {
                try (Connection setup = pg.connect(); Statement s = setup.createStatement()) {
                    s.execute("drop table if exists rs_t; create table rs_t (id int primary key)");
                }
                Connection holder = pg.connect();
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.executeQuery("select count(*) from rs_t").close();
                }
                Connection app = DriverManager.getConnection(pg.pgsafeUrl("pgsafe.lock-timeout=60s"),
                        OwnPostgres.USER, "");
                int pid = TelemetryHarness.pid(app);
                CompletableFuture<Void> alter = BackendFaultsTest.run(app, "ALTER TABLE rs_t ADD COLUMN note text");
                try (Connection admin = pg.connect()) {
                    Faults.await("the ALTER to wait", 20, () -> Faults.waitingOnLock(admin, pid));
                }
                long stopAt = System.nanoTime();
                pg.stop();
                SQLException failure = BackendFaultsTest.failureOf(alter);
                long afterStop = (System.nanoTime() - stopAt) / 1_000_000;
                String story = Faults.story(failure);
                System.out.println("pgsafe fault (server restart, failed " + afterStop + " ms after the stop began):\n"
                        + story);
                assertThat(Faults.connectionLost(failure)).as(story).isTrue();
                assertThat(app.getAutoCommit()).isTrue();
                assertThat(app.isValid(2)).isFalse();
                app.close();
                holder.close();

                pg.startAgain();
                try (Connection next = DriverManager.getConnection(pg.pgsafeUrl(""), OwnPostgres.USER, "");
                     Statement s = next.createStatement()) {
                    assertThat(Faults.count(next, "select count(*) from information_schema.columns where "
                            + "table_name = 'rs_t' and column_name = 'note'")).isZero();
                    s.execute("ALTER TABLE rs_t ADD COLUMN note text");
                    assertThat(Faults.count(next, "select count(*) from information_schema.columns where "
                            + "table_name = 'rs_t' and column_name = 'note'")).isEqualTo(1);
                }
            }
        });
    }
}
