package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.pgsafe.jdbc.PgSafeUrls;
import io.pgsafe.jdbc.TelemetryHarness;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.jdbc.monitor.LockMonitorTestAccess;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock monitor's own connection is killed mid-DDL, cannot be opened (the role's CONNECTION LIMIT 1 is used up
 * by the application's connection), or has no rights to see other roles' sessions: the DDL runs on, the figures
 * degrade to durations, the log says so once, and nothing hangs.
 */
@PostgresTest
class MonitorFaultsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String NOTICE = "pgsafe lock monitor unavailable";
    private TelemetryHarness harness;

    @BeforeEach
    void setUp() {
        LockMonitorTestAccess.resetNotice();
        harness = new TelemetryHarness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void theMonitorConnectionKilledMidDdlDegradesOnceAndTheDdlCompletes(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            db.execute("create table mk_t (id int primary key)");
            try (Connection admin = db.connect(); Connection holder = TelemetryHarness.holdAccessShare(db, "mk_t");
                 Connection app = PgSafeUrls.connect(db, "pgsafe.lock-timeout=30s")) {
                int pid = TelemetryHarness.pid(app);
                CompletableFuture<Void> alter = BackendFaultsTest.run(app, "ALTER TABLE mk_t ADD COLUMN a text");
                Faults.await("the ALTER to wait", 20, () -> Faults.waitingOnLock(admin, pid));
                Faults.await("the monitor's connection", 20,
                        () -> Faults.pidOf(admin, LockMonitor.APPLICATION_NAME) > 0);
                assertThat(Faults.terminate(admin, Faults.pidOf(admin, LockMonitor.APPLICATION_NAME))).isTrue();
                Faults.await("the degrade notice", 20, () -> harness.log().contains(NOTICE));
                holder.rollback();
                alter.get(30, TimeUnit.SECONDS);
                try (Statement s = app.createStatement()) {
                    s.execute("ALTER TABLE mk_t ADD COLUMN b text"); // same connection, monitor gone: still fine
                }
                assertThat(app.getAutoCommit()).isTrue();
            }
            try (Connection next = PgSafeUrls.connect(db); Statement s = next.createStatement()) {
                s.execute("ALTER TABLE mk_t ADD COLUMN c text");
            }
            assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'mk_t'"))
                    .isEqualTo(4);
            assertThat(noticeLines()).isEqualTo(1);
            assertThat(harness.log()).doesNotContain("internal error");
            assertThat(harness.spans()).hasSizeGreaterThanOrEqualTo(3);
            System.out.println("pgsafe fault (monitor killed): " + harness.log().lines()
                    .filter(l -> l.contains(NOTICE)).toList());
        });
    }

    @Test
    void aMonitorThatCannotConnectGivesDurationOnlyFiguresAndSaysSoOnce(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            String role = role("lim");
            db.execute("create role " + role + " login password 'pw' connection limit 1; "
                    + "grant create on schema public to " + role);
            try {
                String url = PgSafeUrls.url(db, "");
                try (Connection app = DriverManager.getConnection(url, role, "pw"); Statement s = app.createStatement()) {
                    s.execute("create table lim_t (id int)");
                    for (int i = 0; i < 3; i++) {
                        s.execute("ALTER TABLE lim_t ADD COLUMN c" + i + " text");
                    }
                    assertThat(app.isValid(2)).isTrue();
                }
                assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = "
                        + "'lim_t'")).isEqualTo(4);
                List<String> notices = harness.log().lines().filter(l -> l.contains(NOTICE)).toList();
                System.out.println("pgsafe fault (monitor cannot connect): " + notices);
                assertThat(notices).hasSize(1);
                assertThat(notices.get(0)).contains("53300"); // too many connections for role
                List<SpanData> guarded = harness.spans().stream()
                        .filter(span -> "guarded".equals(TelemetryHarness.stringAttr(span, "pgsafe.action"))).toList();
                assertThat(guarded).hasSizeGreaterThanOrEqualTo(3);
                for (SpanData span : guarded) {
                    assertThat(TelemetryHarness.longAttr(span, "pgsafe.lock.wait_ms")).isNull();
                    assertThat(span.getEndEpochNanos()).isGreaterThan(span.getStartEpochNanos());
                }
            } finally {
                db.execute("drop owned by " + role + "; drop role " + role);
            }
        });
    }

    @Test
    void aMonitorWithoutRightsToOtherSessionsStillReportsTheWaitAndTheBlockersPid(TestDatabase db) {
        assertTimeoutPreemptively(LIMIT, () -> {
            String role = role("nr");
            db.execute("create role " + role + " login password 'pw'; grant create on schema public to " + role);
            try {
                String url = PgSafeUrls.url(db, "pgsafe.lock-timeout=500ms&pgsafe.lock-timeout-retries=0");
                try (Connection app = DriverManager.getConnection(url, role, "pw"); Statement s = app.createStatement()) {
                    s.execute("create table nr_t (id int)");
                    try (Connection holder = TelemetryHarness.holdAccessShare(db, "nr_t")) {
                        int holderPid = TelemetryHarness.pid(holder);
                        assertThatThrownBy(() -> s.execute("ALTER TABLE nr_t ADD COLUMN c text"))
                                .isInstanceOf(SQLException.class)
                                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55P03");
                        holder.rollback();
                        SpanData span = harness.spans().stream().filter(x -> x.getName().contains("nr_t"))
                                .reduce((a, b) -> b).orElseThrow();
                        System.out.println("pgsafe fault (monitor without rights): " + span.getAttributes());
                        assertThat(TelemetryHarness.longsAttr(span, "pgsafe.lock.blocking_pids"))
                                .contains((long) holderPid);
                        assertThat(TelemetryHarness.longAttr(span, "pgsafe.lock.wait_ms")).isNotNull();
                    }
                    s.execute("ALTER TABLE nr_t ADD COLUMN c text");
                }
                assertThat(harness.log()).doesNotContain("internal error");
            } finally {
                db.execute("drop owned by " + role + "; drop role " + role);
            }
        });
    }

    private long noticeLines() {
        return harness.log().lines().filter(l -> l.contains(NOTICE)).count();
    }

    private static String role(String prefix) {
        return "pgsafe_rel_" + prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
                .toLowerCase(Locale.ROOT);
    }
}
