package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pgsafe.jdbc.TelemetryHarness;
import io.pgsafe.jdbc.UnsafeStatementException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary password, a canary SQL literal and URL user-info never appear in spans, span events, log lines, meter
 * ids/tags or the messages of the exceptions pgsafe throws (blocked, rewritten, guarded, retried, failed statements,
 * a bad URL parameter, a wrong password, user-info in the URL). Runs on a server of its own, where roles other
 * than the superuser log in with scram-sha-256, so a wrong password really fails.
 */
class SecretsTest {
    private static final String ROLE = "canary_role";
    private static final String PASSWORD = "Canary-Pw-7Q2x";
    private static final String LITERAL = "canary-literal-4417";
    private static final String USERINFO_PASSWORD = "Canary-UserInfo-Pw-55";
    private static OwnPostgres pg;
    private TelemetryHarness harness;
    private final List<String> exceptionStories = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = OwnPostgres.start();
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("create role " + ROLE + " login password '" + PASSWORD + "'; grant create on schema public to "
                    + ROLE);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void setUp() {
        harness = new TelemetryHarness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void blockedRewrittenGuardedRetriedAndFailedStatementsLeakNoSecret() throws Exception {
        String url = pg.pgsafeUrl("pgsafe.lock-timeout=200ms&pgsafe.lock-timeout-retries=1&pgsafe.retry-backoff=20ms"
                + "&user=" + ROLE + "&password=" + PASSWORD);
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("drop table if exists sec_t; create table sec_t (id int primary key, v text); "
                    + "alter table sec_t owner to " + ROLE + "; insert into sec_t values (1, 'a'), (2, 'a')");
        }
        try (Connection app = DriverManager.getConnection(url); Statement s = app.createStatement()) {
            s.execute("ALTER TABLE sec_t ADD COLUMN code text DEFAULT '" + LITERAL + "'"); // guarded
            s.execute("CREATE INDEX sec_p ON sec_t (v) WHERE v <> '" + LITERAL + "'"); // rewritten to CONCURRENTLY
            expectFailure(() -> s.execute("DROP TABLE sec_t")); // blocked
            expectFailure(() -> s.execute("ALTER TABLE sec_t ALTER COLUMN v TYPE varchar(5) USING v || '" + LITERAL
                    + "'")); // blocked, with a fix that quotes the statement
            // A rewrite whose step fails (duplicate keys): the error names the step.
            expectFailure(() -> s.execute("CREATE UNIQUE INDEX sec_u ON sec_t (v) WHERE v <> '" + LITERAL + "'"));
            // The server refuses a guarded statement (the column exists).
            expectFailure(() -> s.execute("ALTER TABLE sec_t ADD COLUMN v text DEFAULT '" + LITERAL + "'"));
            // Retried after lock_timeout, then failed with 55P03; the holder's query carries the literal too.
            try (Connection holder = pg.connect()) {
                holder.setAutoCommit(false);
                try (Statement h = holder.createStatement()) {
                    h.executeQuery("select count(*), '" + LITERAL + "' from sec_t").close();
                }
                expectFailure(() -> s.execute("ALTER TABLE sec_t ADD COLUMN n text DEFAULT '" + LITERAL + "'"));
                holder.rollback();
            }
            // In a transaction: a rewrite that cannot run there, and a whole-table UPDATE after DDL.
            app.setAutoCommit(false);
            expectFailure(() -> s.execute("CREATE INDEX sec_q ON sec_t (v) WHERE v = '" + LITERAL + "'"));
            app.rollback();
            s.execute("ALTER TABLE sec_t ADD COLUMN flag text");
            expectFailure(() -> s.executeUpdate("UPDATE sec_t SET flag = '" + LITERAL + "'"));
            app.rollback();
            app.setAutoCommit(true);
        }
        assertThat(harness.spans()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(everything()).contains("pgsafe.retry", "rewritten", "blocked", "guarded");
        assertNoSecret(LITERAL, PASSWORD, ROLE + ":");
    }

    @Test
    void aBadUrlParameterFailsWithoutRepeatingThePassword() {
        String url = pg.pgsafeUrl("pgsafe.lock-timeout=soon&user=" + ROLE + "&password=" + PASSWORD);
        expectFailure(() -> DriverManager.getConnection(url).close());
        Properties info = new Properties();
        info.setProperty("user", ROLE);
        info.setProperty("password", PASSWORD);
        info.setProperty("pgsafe.mode", "loud");
        expectFailure(() -> DriverManager.getConnection(pg.pgsafeUrl(""), info).close());
        assertThat(String.join("\n", exceptionStories)).contains("pgsafe.lock-timeout", "pgsafe.mode");
        assertNoSecret(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsWithoutRepeatingEitherPassword() {
        String wrong = "Wrong-" + PASSWORD;
        SQLException e = expectFailure(() -> DriverManager.getConnection(pg.pgsafeUrl(""), ROLE, wrong).close());
        assertThat(e.getSQLState()).isEqualTo("28P01");
        expectFailure(() -> DriverManager.getConnection(pg.pgsafeUrl("user=" + ROLE + "&password=" + wrong)).close());
        assertNoSecret(wrong, PASSWORD);
    }

    @Test
    void userInfoInTheUrlIsNeverRepeated() {
        String url = "jdbc:pgsafe:postgresql://canaryuser:" + USERINFO_PASSWORD + "@localhost:" + pg.port()
                + "/postgres?pgsafe.lock-timeout=1s";
        expectFailure(() -> DriverManager.getConnection(url).close());
        SQLException e = expectFailure(() -> DriverManager.getConnection(url, ROLE, PASSWORD).close());
        assertThat(e.getMessage()).contains("user-info");
        assertNoSecret(USERINFO_PASSWORD, "canaryuser");
    }

    private SQLException expectFailure(ThrowingCall call) {
        try {
            call.run();
        } catch (SQLException e) {
            exceptionStories.add(Faults.story(e));
            return e;
        } catch (Exception e) {
            throw new AssertionError("not an SQLException", e);
        }
        throw new AssertionError("expected a failure");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private String everything() {
        StringBuilder out = new StringBuilder();
        for (SpanData span : harness.spans()) {
            out.append(span.getName()).append(' ').append(span.getAttributes().asMap()).append('\n');
            for (EventData event : span.getEvents()) {
                out.append(event.getName()).append(' ').append(event.getAttributes().asMap()).append('\n');
            }
            out.append(span.getStatus().getDescription()).append('\n');
        }
        harness.meters.getMeters().forEach(m -> out.append(m.getId()).append('\n'));
        return out.toString();
    }

    private void assertNoSecret(String... secrets) {
        String telemetry = everything();
        String log = harness.log();
        String exceptions = String.join("\n", exceptionStories);
        System.out.println("pgsafe secrets scan: " + harness.spans().size() + " spans, " + harness.meters.getMeters().size()
                + " meters, " + log.lines().count() + " log lines, " + exceptionStories.size() + " exceptions");
        for (String secret : secrets) {
            assertThat(telemetry).as("spans, events and meters").doesNotContain(secret);
            assertThat(log).as("log lines").doesNotContain(secret);
            assertThat(exceptions).as("exception messages").doesNotContain(secret);
        }
        assertThat(exceptionStories).as("failures seen").isNotEmpty();
        assertThat(UnsafeStatementException.SQLSTATE).isEqualTo("PGS01");
    }
}
