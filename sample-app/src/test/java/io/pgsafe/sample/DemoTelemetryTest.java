package io.pgsafe.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo's span printer, on the lock-queue scene: the ALTER's line carries the lock monitor's measurements. */
@PostgresTest
class DemoTelemetryTest {

    @Test
    void thePrinterShowsTheLockWaitAndTheBlockerOfTheLockQueueScene(TestDatabase db) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoTelemetry.SpanPrinter printer = new DemoTelemetry.SpanPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(printer).build()).build()) {
            PgSafeTelemetry.use(sdk);
            LockQueueScene.run(db.url(), db.user(), db.password(), LockQueueScene.pgsafe(db.url(), db.user(), db.password()),
                    "printed", new PrintStream(OutputStream.nullOutputStream()));
        } finally {
            PgSafeTelemetry.reset();
        }

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("ALTER TABLE queue_demo")).toList();
        assertThat(lines).as("span lines for the ALTER in %s", printed).hasSize(1);
        String line = lines.get(0);
        assertThat(line).contains("pgsafe.action=guarded", "pgsafe.lock.mode='ACCESS EXCLUSIVE'",
                "pgsafe.lock.blocking_pids=[");
        Matcher wait = Pattern.compile("pgsafe\\.lock\\.wait_ms=(\\d+)").matcher(line);
        assertThat(wait.find()).as("pgsafe.lock.wait_ms in %s", line).isTrue();
        // The blocker holds its lock for 3 s and the ALTER gives up after each 200 ms: at least one whole wait.
        assertThat(Long.parseLong(wait.group(1))).isGreaterThanOrEqualTo(150);
        Matcher retries = Pattern.compile("pgsafe\\.retries=(\\d+)").matcher(line);
        assertThat(retries.find() && Long.parseLong(retries.group(1)) >= 1).as("pgsafe.retries >= 1 in %s", line).isTrue();
        assertThat(printer.last("queue_demo")).isNotNull();
    }
}
