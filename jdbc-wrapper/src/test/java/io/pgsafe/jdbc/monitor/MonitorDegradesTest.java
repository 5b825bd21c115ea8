package io.pgsafe.jdbc.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pgsafe.jdbc.PgSafeDataSource;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Without a way to open its connection, the monitor reports durations only and says so once. */
@PostgresTest
class MonitorDegradesTest {

    @Test
    void aDataSourceWithoutUrlOrCredentialsGivesDurationOnlySpansAndOneLogLine(TestDatabase db) throws Exception {
        db.execute("create table deg_t (id int)");
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        PgSafeTelemetry.use(sdk);
        LockMonitorTestAccess.resetNotice();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            DataSource opaque = new Opaque(db.dataSource());
            DataSource safe = new PgSafeDataSource(opaque);
            for (int i = 0; i < 2; i++) {
                try (Connection c = safe.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE deg_t ADD COLUMN c" + i + " text");
                }
            }
        } finally {
            System.setErr(err);
            PgSafeTelemetry.reset();
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.out.println("pgsafe monitor degraded: " + text.lines().filter(l -> l.contains("unavailable")).toList());
        assertThat(text.lines().filter(l -> l.contains("pgsafe lock monitor unavailable")).count()).isEqualTo(1);
        assertThat(text).contains("pgsafe cannot open a second connection from " + Opaque.class.getName());
        assertThat(spans.getFinishedSpanItems()).hasSize(2);
        for (SpanData span : spans.getFinishedSpanItems()) {
            assertThat(span.getAttributes().get(AttributeKey.longKey("pgsafe.lock.wait_ms"))).isNull();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("pgsafe.action"))).isEqualTo("guarded");
            assertThat(span.getEndEpochNanos()).isGreaterThan(span.getStartEpochNanos());
        }
    }

    /** A DataSource pgsafe can neither unwrap nor read a URL from. */
    private record Opaque(DataSource inner) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return inner.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return inner.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
