package io.pgsafe.jdbc;

import static io.pgsafe.jdbc.TelemetryHarness.holdAccessShare;
import static io.pgsafe.jdbc.TelemetryHarness.longAttr;
import static io.pgsafe.jdbc.TelemetryHarness.longsAttr;
import static io.pgsafe.jdbc.TelemetryHarness.pid;
import static io.pgsafe.jdbc.TelemetryHarness.stringAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DESIGN section 5 on a real server: spans, the lock monitor's figures, held locks, meters and log lines. */
@PostgresTest
class TelemetryTest {
    private static final String SLOW_TIMEOUTS = "pgsafe.lock-timeout=8s&pgsafe.statement-timeout=10s";
    private TelemetryHarness harness;

    @BeforeEach
    void setUp(TestDatabase db) throws SQLException {
        db.execute("drop table if exists accounts; create table accounts (id int primary key, balance int); "
                + "insert into accounts select g, g from generate_series(1, 100) g");
        harness = new TelemetryHarness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void aDdlThatWaitedAboutOneSecondReportsItsWaitAndTheHoldersPid(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db, "accounts"); Connection app = PgSafeUrls.connect(db, SLOW_TIMEOUTS)) {
            int holderPid = pid(holder);
            CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> run(app, "ALTER TABLE accounts ADD COLUMN note text"));
            TelemetryHarness.awaitLockWaiters(db, 1);
            Thread.sleep(1_000);
            holder.commit();
            ddl.get(10, TimeUnit.SECONDS);
            SpanData span = harness.span("ALTER TABLE accounts");
            System.out.println("pgsafe telemetry: waited " + longAttr(span, "pgsafe.lock.wait_ms") + " ms, blockers "
                    + longsAttr(span, "pgsafe.lock.blocking_pids") + " (holder " + holderPid + ")");
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("io.pgsafe");
            assertThat(longAttr(span, "pgsafe.lock.wait_ms")).isBetween(800L, 1_500L);
            assertThat(longsAttr(span, "pgsafe.lock.blocking_pids")).contains((long) holderPid);
            assertThat(stringAttr(span, "db.system.name")).isEqualTo("postgresql");
            assertThat(stringAttr(span, "db.namespace")).isEqualTo(db.name() + "|public");
            assertThat(stringAttr(span, "db.query.summary")).isEqualTo("ALTER TABLE accounts");
            assertThat(stringAttr(span, "db.query.text")).isEqualTo("ALTER TABLE accounts ADD COLUMN note text");
            assertThat(stringAttr(span, "pgsafe.action")).isEqualTo("guarded");
            assertThat(stringAttr(span, "pgsafe.lock.mode")).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(stringAttr(span, "pgsafe.delivery")).isEqualTo("wrapper");
            assertThat(stringAttr(span, "server.address")).isNotBlank();
            assertThat(longAttr(span, "server.port")).isPositive();
            assertThat(longAttr(span, "pgsafe.timeout.lock_ms")).isEqualTo(8_000L);
            assertThat(longAttr(span, "pgsafe.timeout.statement_ms")).isEqualTo(10_000L);
            assertThat(longAttr(span, "pgsafe.retries")).isZero();
            assertThat(span.getEvents()).extracting(EventData::getName).contains("pgsafe.lock.acquired",
                    "pgsafe.lock.blocker");
            EventData blocker = span.getEvents().stream().filter(e -> e.getName().equals("pgsafe.lock.blocker"))
                    .findFirst().orElseThrow();
            assertThat(blocker.getAttributes().asMap().toString()).contains("idle in transaction")
                    .doesNotContain("holder-literal-777");
            Timer wait = harness.meters.find("pgsafe.lock.wait").timer();
            assertThat(wait).isNotNull();
            assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isBetween(800.0, 1_500.0);
            assertThat(harness.meters.find("pgsafe.statements").tag("action", "guarded").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void fiveSessionsQueuedBehindTheDdlAreCounted(TestDatabase db) throws Exception {
        List<Connection> readers = new ArrayList<>();
        try (Connection holder = holdAccessShare(db, "accounts"); Connection app = PgSafeUrls.connect(db, SLOW_TIMEOUTS)) {
            CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> run(app, "ALTER TABLE accounts ADD COLUMN note text"));
            TelemetryHarness.awaitLockWaiters(db, 1);
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Connection reader = db.connect();
                readers.add(reader);
                reads.add(CompletableFuture.runAsync(() -> run(reader, "select count(*) from accounts")));
            }
            TelemetryHarness.awaitLockWaiters(db, 6);
            Thread.sleep(200);
            holder.commit();
            ddl.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Void> read : reads) {
                read.get(10, TimeUnit.SECONDS);
            }
        } finally {
            for (Connection reader : readers) {
                reader.close();
            }
        }
        SpanData span = harness.span("ALTER TABLE accounts");
        System.out.println("pgsafe telemetry: queued sessions " + longAttr(span, "pgsafe.lock.queued_sessions"));
        assertThat(longAttr(span, "pgsafe.lock.queued_sessions")).isEqualTo(5L);
        assertThat(harness.meters.find("pgsafe.lock.queued.sessions").summary().max()).isEqualTo(5.0);
    }

    @Test
    void aBackfillAfterTheDdlInTheSameTransactionIsReportedAsALockHeldTooLong(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db)) {
            app.setAutoCommit(false);
            try (Statement s = app.createStatement()) {
                s.execute("ALTER TABLE accounts ADD COLUMN note text");
                s.executeUpdate("UPDATE accounts SET note = 'backfill-literal-555' WHERE id > 0");
                s.execute("select pg_sleep(1)");
            }
            app.commit();
        }
        SpanData span = harness.span("ALTER TABLE accounts");
        long held = longAttr(span, "pgsafe.lock.held_ms");
        System.out.println("pgsafe telemetry: lock held " + held + " ms");
        assertThat(held).isBetween(950L, 1_400L);
        EventData event = span.getEvents().stream().filter(e -> e.getName().equals("pgsafe.lock.held_too_long"))
                .findFirst().orElseThrow();
        assertThat(event.getAttributes().asMap().toString()).contains("accounts", "UPDATE accounts", "SELECT")
                .doesNotContain("backfill-literal-555");
        String log = harness.log();
        assertThat(log).contains("pgsafe lock held too long: an ACCESS EXCLUSIVE lock on accounts stayed held")
                .contains("UPDATE accounts").doesNotContain("backfill-literal-555");
        Counter tooLong = harness.meters.find("pgsafe.lock.held_too_long").tag("table", "accounts").counter();
        assertThat(tooLong).isNotNull();
        assertThat(tooLong.count()).isEqualTo(1.0);
        assertThat(harness.meters.find("pgsafe.lock.held").timer().totalTime(TimeUnit.MILLISECONDS))
                .isBetween(950.0, 1_400.0);
        // The span ends when the DDL did, not at COMMIT.
        long spanMillis = TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos());
        assertThat(spanMillis).isLessThan(500L);
    }

    @Test
    void preparedStatementsAreCountedWhenTheyRunNotWhenTheyArePrepared(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db, "pgsafe.max-lock-hold=1ms")) {
            app.setAutoCommit(false);
            try (java.sql.PreparedStatement insert = app.prepareStatement("insert into accounts values (?, ?)");
                 java.sql.PreparedStatement unused = app.prepareStatement("delete from accounts where id = ?");
                 Statement s = app.createStatement()) {
                s.execute("ALTER TABLE accounts ADD COLUMN note text");
                for (int i = 0; i < 2; i++) {
                    insert.setInt(1, 1_000 + i);
                    insert.setInt(2, 424242);
                    insert.executeUpdate();
                }
                s.execute("select pg_sleep(0.05)");
            }
            app.commit();
        }
        SpanData span = harness.span("ALTER TABLE accounts");
        EventData event = span.getEvents().stream().filter(e -> e.getName().equals("pgsafe.lock.held_too_long"))
                .findFirst().orElseThrow();
        String after = event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                "pgsafe.statements_after"));
        System.out.println("pgsafe telemetry: statements after the DDL: " + after);
        assertThat(after).isEqualTo("INSERT accounts x2, SELECT PG_SLEEP");
        assertThat(harness.log()).contains("by 3 statement(s) after it").doesNotContain("424242");
    }

    @Test
    void aBlockedStatementIsAnErrorSpanWithItsRuleIds(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP TABLE accounts")).isInstanceOf(UnsafeStatementException.class);
        }
        SpanData span = harness.spans().get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(stringAttr(span, "pgsafe.action")).isEqualTo("blocked");
        assertThat(span.getAttributes().asMap().toString()).contains("pgsafe.rule.ids");
        assertThat(stringAttr(span, "db.response.status_code")).isEqualTo("PGS01");
        assertThat(harness.log()).contains("pgsafe blocked");
    }

    @Test
    void aRewriteIsOneSpanWithAChildPerStep(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            s.execute("CREATE INDEX accounts_balance ON accounts (balance)");
        }
        SpanData parent = harness.spans().stream().filter(sp -> "rewritten".equals(stringAttr(sp, "pgsafe.action"))
                && sp.getParentSpanContext().isValid() == false).findFirst().orElseThrow();
        List<SpanData> children = harness.spans().stream()
                .filter(sp -> sp.getParentSpanId().equals(parent.getSpanId())).toList();
        System.out.println("pgsafe telemetry: rewrite " + parent.getName() + " -> "
                + children.stream().map(SpanData::getName).toList());
        assertThat(children).isNotEmpty();
        assertThat(children).allSatisfy(c -> assertThat(c.getTraceId()).isEqualTo(parent.getTraceId()));
        assertThat(stringAttr(children.get(0), "pgsafe.rewrite.step")).startsWith("1 of ");
    }

    @Test
    void retriesAreEventsAndTheLogLineNamesTheBlockerWithoutItsLiterals(TestDatabase db) throws Exception {
        try (Connection holder = holdAccessShare(db, "accounts");
             Connection app = PgSafeUrls.connect(db, "pgsafe.lock-timeout=200ms&pgsafe.lock-timeout-retries=1"
                     + "&pgsafe.retry-backoff=50ms"); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.execute("ALTER TABLE accounts ADD COLUMN note text"))
                    .isInstanceOf(SQLException.class);
            int holderPid = pid(holder);
            SpanData span = harness.span("ALTER TABLE accounts");
            assertThat(span.getEvents()).extracting(EventData::getName).contains("pgsafe.retry");
            assertThat(longAttr(span, "pgsafe.retries")).isEqualTo(1L);
            assertThat(stringAttr(span, "db.response.status_code")).isEqualTo("55P03");
            assertThat(stringAttr(span, "error.type")).isEqualTo("55P03");
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(harness.log()).contains("blocked by pid " + holderPid).contains("idle in transaction")
                    .doesNotContain("holder-literal-777");
            assertThat(harness.meters.find("pgsafe.retries").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void withoutTheMonitorTheSpanCarriesNoLockFigures(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db, "pgsafe.monitor=false"); Statement s = app.createStatement()) {
            s.execute("ALTER TABLE accounts ADD COLUMN note text");
            assertThat(db.queryForLong("select count(*) from pg_stat_activity where application_name = ?",
                    LockMonitor.APPLICATION_NAME)).isZero();
        }
        SpanData span = harness.span("ALTER TABLE accounts");
        assertThat(longAttr(span, "pgsafe.lock.wait_ms")).isNull();
        assertThat(stringAttr(span, "pgsafe.action")).isEqualTo("guarded");
    }

    @Test
    void aConcurrentIndexBuildReportsItsProgress(TestDatabase db) throws Exception {
        db.execute("create table big (id int, v text); insert into big select g, md5(g::text) from "
                + "generate_series(1, 1500000) g; analyze big");
        String before = System.getProperty(LockMonitor.PROGRESS_INTERVAL_PROPERTY);
        System.setProperty(LockMonitor.PROGRESS_INTERVAL_PROPERTY, "100");
        try (Connection app = PgSafeUrls.connect(db)) {
            run(app, "CREATE INDEX CONCURRENTLY big_v ON big (v)");
        } finally {
            if (before == null) {
                System.clearProperty(LockMonitor.PROGRESS_INTERVAL_PROPERTY);
            } else {
                System.setProperty(LockMonitor.PROGRESS_INTERVAL_PROPERTY, before);
            }
        }
        SpanData span = harness.span("CREATE INDEX big");
        List<EventData> progress = span.getEvents().stream().filter(e -> e.getName().equals("pgsafe.progress"))
                .toList();
        System.out.println("pgsafe telemetry: " + progress.size() + " progress events, e.g. "
                + (progress.isEmpty() ? "none" : progress.get(progress.size() - 1).getAttributes().asMap()));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(0).getAttributes().asMap().toString()).contains("pgsafe.progress.phase");
        assertThat(harness.log()).contains("pgsafe progress of CREATE INDEX big: CREATE INDEX CONCURRENTLY phase");
    }

    @Test
    void throughPgSafeDataSourceOverHikariTheMonitorUsesItsOwnConnection(TestDatabase db) throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
             Connection holder = holdAccessShare(db, "accounts")) {
            javax.sql.DataSource safe = new PgSafeDataSource(pool);
            int holderPid = pid(holder);
            try (Connection app = safe.getConnection()) {
                CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> run(app, "ALTER TABLE accounts ADD COLUMN note text"));
                TelemetryHarness.awaitLockWaiters(db, 1);
                assertThat(db.queryForLong("select count(*) from pg_stat_activity where application_name = ?",
                        LockMonitor.APPLICATION_NAME)).isEqualTo(1);
                Thread.sleep(300);
                holder.commit();
                ddl.get(10, TimeUnit.SECONDS);
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(2);
            assertThat(db.awaitBackendCount(pool.getHikariPoolMXBean().getTotalConnections() + 1,
                    java.time.Duration.ofSeconds(5))).as("the monitor connection closed with the guarded one")
                    .isEqualTo(pool.getHikariPoolMXBean().getTotalConnections() + 1);
            SpanData span = harness.span("ALTER TABLE accounts");
            assertThat(longAttr(span, "pgsafe.lock.wait_ms")).isBetween(250L, 800L);
            assertThat(longsAttr(span, "pgsafe.lock.blocking_pids")).contains((long) holderPid);
        }
    }

    @Test
    void aMultiStatementTextSentInOneRoundTripIsOneSpanAndABlockedOneAnErrorSpan(TestDatabase db) throws Exception {
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            s.execute("ALTER TABLE accounts ADD COLUMN a text DEFAULT 'x'; ALTER TABLE accounts ADD COLUMN b text");
            assertThatThrownBy(() -> s.execute("select 1; DROP TABLE accounts"))
                    .isInstanceOf(UnsafeStatementException.class);
        }
        assertThat(harness.spans()).hasSize(2);
        SpanData text = harness.span("ALTER TABLE accounts");
        assertThat(stringAttr(text, "db.query.text"))
                .isEqualTo("ALTER TABLE accounts ADD COLUMN a text DEFAULT ?; ALTER TABLE accounts ADD COLUMN b text");
        SpanData blocked = harness.spans().stream().filter(sp -> "blocked".equals(stringAttr(sp, "pgsafe.action")))
                .findFirst().orElseThrow();
        assertThat(blocked.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    static void run(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }
}
