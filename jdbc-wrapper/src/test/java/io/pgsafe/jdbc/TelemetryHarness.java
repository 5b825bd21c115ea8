package io.pgsafe.jdbc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** An in-memory OpenTelemetry SDK and Micrometer registry handed to pgsafe, and a capture of its log lines. */
public final class TelemetryHarness implements AutoCloseable {
    public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
            .build();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    public TelemetryHarness() {
        SPANS.reset();
        PgSafeTelemetry.use(SDK);
        PgSafeTelemetry.useMeterRegistry(meters);
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log.write(b, off, len);
                originalErr.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    public String log() {
        System.err.flush();
        return log.toString(StandardCharsets.UTF_8);
    }

    public List<SpanData> spans() {
        return SPANS.getFinishedSpanItems();
    }

    public SpanData span(String name) {
        return spans().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans().stream()
                        .map(SpanData::getName).toList()));
    }

    public static Long longAttr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.longKey(key));
    }

    public static String stringAttr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    public static List<Long> longsAttr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.longArrayKey(key));
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        PgSafeTelemetry.reset();
    }

    public static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A plain connection holding ACCESS SHARE on {@code table} in an open transaction. */
    public static Connection holdAccessShare(TestDatabase db, String table) throws SQLException {
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement();
             ResultSet rs = s.executeQuery("select count(*), 'holder-literal-777' from " + table)) {
            rs.next();
        }
        return holder;
    }

    public static void awaitLockWaiters(TestDatabase db, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (db.queryForLong("select count(*) from pg_locks where not granted and locktype = 'relation'") >= count) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("fewer than " + count + " lock waiters");
    }
}
