package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Must-show 4: non-DDL statements open no connection and send no extra query (counted by the server), and no
 * password, URL credential or literal value reaches a span attribute, an event or a log line.
 */
@PostgresTest
class TelemetryHotPathAndSecretsTest {
    private static final String PASSWORD = "Pw-S3cret-9931";
    private TelemetryHarness harness;

    @BeforeEach
    void setUp(TestDatabase db) throws SQLException {
        db.execute("drop table if exists hp; create table hp (id int primary key, v text)");
        harness = new TelemetryHarness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void aBurstOfNonDdlStatementsSendsExactlyItsOwnTransactionsAndOpensNoConnection(TestDatabase db) throws Exception {
        int n = 100;
        String otherDb = db.url().replaceFirst("/" + db.name() + "(\\?|$)", "/postgres$1");
        try (Connection probe = DriverManager.getConnection(otherDb, db.user(), db.password());
             Connection app = PgSafeUrls.connect(db)) {
            flush(app);
            long commits0 = xactCommit(probe, db.name());
            long backends0 = backends(probe, db.name());
            try (Statement s = app.createStatement();
                 PreparedStatement select = app.prepareStatement("select v from hp where id = ?")) {
                for (int i = 0; i < n; i++) {
                    s.executeUpdate("insert into hp values (" + i + ", 'value-" + i + "')");
                    select.setInt(1, i);
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                    }
                    s.executeUpdate("update hp set v = 'x' where id = " + i);
                }
            }
            long backendsDuring = backends(probe, db.name());
            flush(app);
            long commits1 = xactCommit(probe, db.name());
            long delta = commits1 - commits0;
            System.out.println("pgsafe hot path proof: " + (3 * n) + " statements + 1 flush -> xact_commit delta "
                    + delta + "; backends " + backends0 + " -> " + backendsDuring);
            // 3n autocommit statements and the one flush statement; an extra query per statement would add >= 3n.
            assertThat(delta).isBetween(3L * n + 1, 3L * n + 6);
            assertThat(backendsDuring).isEqualTo(backends0);
            assertThat(monitorBackends(probe)).isZero();
        }
        assertThat(harness.spans()).isEmpty();
        assertThat(harness.meters.getMeters()).isEmpty();
    }

    @Test
    void noPasswordCredentialOrLiteralReachesSpansEventsOrLogs(TestDatabase db) throws Exception {
        String url = PgSafeUrls.url(db, "pgsafe.lock-timeout=300ms&pgsafe.lock-timeout-retries=1"
                + "&pgsafe.retry-backoff=20ms&user=" + db.user() + "&password=" + PASSWORD);
        try (Connection app = DriverManager.getConnection(url); Statement s = app.createStatement()) {
            s.execute("ALTER TABLE hp ADD COLUMN code text DEFAULT 'sekrit-default-42'");
            s.execute("CREATE INDEX hp_partial ON hp (v) WHERE v <> 'partial-literal-9'");
            assertThatThrownBy(() -> s.execute("DROP TABLE hp")).isInstanceOf(UnsafeStatementException.class);
            try (Connection holder = TelemetryHarness.holdAccessShare(db, "hp")) {
                assertThatThrownBy(() -> s.execute("ALTER TABLE hp ADD COLUMN n bigint DEFAULT 8675309"))
                        .isInstanceOf(SQLException.class);
                holder.rollback();
            }
            app.setAutoCommit(false);
            s.execute("ALTER TABLE hp ADD COLUMN flag text");
            s.executeUpdate("update hp set flag = 'backfill-literal-555' where id > 0");
            s.execute("select pg_sleep(0.2), 'sleep-literal-31337'");
            app.commit();
        }
        StringBuilder everything = new StringBuilder();
        for (SpanData span : harness.spans()) {
            everything.append(span.getName()).append(' ').append(span.getAttributes().asMap()).append('\n');
            for (EventData event : span.getEvents()) {
                everything.append(event.getName()).append(' ').append(event.getAttributes().asMap()).append('\n');
            }
            everything.append(span.getStatus().getDescription()).append('\n');
        }
        harness.meters.getMeters().forEach(m -> everything.append(m.getId()).append('\n'));
        String log = harness.log();
        System.out.println("pgsafe secrets check over " + harness.spans().size() + " spans and " + log.lines().count()
                + " log lines");
        assertThat(harness.spans()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(everything.toString()).contains("pgsafe.lock.held_too_long", "pgsafe.retry", "pgsafe.lock.blocker");
        assertThat(log).contains("pgsafe rewrote", "pgsafe blocked", "pgsafe retry", "pgsafe lock held too long");
        for (String secret : List.of(PASSWORD, "password=", "sekrit-default-42", "partial-literal-9", "8675309",
                "backfill-literal-555", "sleep-literal-31337", "holder-literal-777")) {
            assertThat(everything.toString()).as("spans, events and meters").doesNotContain(secret);
            assertThat(log).as("log lines").doesNotContain(secret);
        }
    }

    private static void flush(Connection app) throws SQLException, InterruptedException {
        try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("select pg_stat_force_next_flush()")) {
            rs.next();
        }
        TimeUnit.MILLISECONDS.sleep(300);
    }

    private static long xactCommit(Connection probe, String database) throws SQLException {
        try (PreparedStatement ps = probe.prepareStatement(
                "select xact_commit from pg_stat_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long backends(Connection probe, String database) throws SQLException {
        try (PreparedStatement ps = probe.prepareStatement(
                "select count(*) from pg_stat_activity where datname = ? and backend_type = 'client backend'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long monitorBackends(Connection probe) throws SQLException {
        try (PreparedStatement ps = probe.prepareStatement(
                "select count(*) from pg_stat_activity where application_name = ?")) {
            ps.setString(1, LockMonitor.APPLICATION_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
