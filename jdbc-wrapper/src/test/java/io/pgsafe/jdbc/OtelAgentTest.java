package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Must-show 6: under {@code -javaagent:opentelemetry-javaagent.jar} (2.33.1, copied to target/otel by the build),
 * pgsafe's span joins the application's trace: same trace id, parent the application's span, INTERNAL
 * ({@code pgsafe guard …}), with the agent's JDBC CLIENT span inside it. The child prints its spans as OTLP JSON
 * ({@code logging-otlp}); with {@code -Pzipkin} it also exports to a Zipkin server this test starts, and the trace
 * is read back through Zipkin's HTTP API.
 */
@PostgresTest
class OtelAgentTest {
    private static final Path AGENT = Path.of("target", "otel", "opentelemetry-javaagent.jar");
    private static final Path ZIPKIN = Path.of("target", "otel", "zipkin-server-exec.jar");
    private static final Pattern SPAN = Pattern.compile("\\{\"traceId\":\"(\\w+)\",\"spanId\":\"(\\w+)\",(?:\"traceState\":\"[^\"]*\",)?"
            + "(?:\"parentSpanId\":\"(\\w*)\",)?(?:\"flags\":\\d+,)?\"name\":\"([^\"]+)\",\"kind\":(\\d+)");

    record SpanLine(String traceId, String spanId, String parentId, String name, int kind) {
    }

    @Test
    void pgsafesSpanBelongsToTheApplicationsTraceUnderTheJavaAgent(TestDatabase db) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "the OpenTelemetry Java agent jar was not resolved to "
                + AGENT.toAbsolutePath() + " (maven-dependency-plugin, process-test-resources); skipping");
        db.execute("create table agent_t (id int)");
        boolean zipkin = Boolean.getBoolean("pgsafe-test.zipkin") && Files.isRegularFile(ZIPKIN);
        Process zipkinServer = zipkin ? startZipkin() : null;
        try {
            List<String> command = new ArrayList<>(List.of(javaBin(), "-javaagent:" + AGENT.toAbsolutePath(),
                    "-Dotel.service.name=pgsafe-agent-test", "-Dotel.metrics.exporter=none",
                    "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=50",
                    "-Dotel.traces.exporter=" + (zipkin ? "logging-otlp,zipkin" : "logging-otlp"),
                    "-Dotel.exporter.zipkin.endpoint=http://127.0.0.1:9411/api/v2/spans",
                    "-cp", testClassPath(), AgentChild.class.getName(),
                    PgSafeUrls.url(db, ""), db.user(), db.password(), "agent_t"));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            Matcher app = Pattern.compile("APP_SPAN (\\w+) (\\w+)").matcher(output);
            assertThat(app.find()).as(output).isTrue();
            String traceId = app.group(1);
            String appSpanId = app.group(2);
            List<SpanLine> spans = new ArrayList<>();
            Matcher m = SPAN.matcher(output);
            while (m.find()) {
                spans.add(new SpanLine(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3), m.group(4),
                        Integer.parseInt(m.group(5))));
            }
            spans.forEach(s -> System.out.println("pgsafe agent test span: " + s));
            SpanLine pgsafe = spans.stream().filter(s -> s.name().startsWith("pgsafe guard ALTER TABLE agent_t"))
                    .findFirst().orElseThrow(() -> new AssertionError("no pgsafe span in:\n" + output));
            assertThat(pgsafe.traceId()).isEqualTo(traceId);
            assertThat(pgsafe.kind()).isEqualTo(1); // SPAN_KIND_INTERNAL: the agent makes the JDBC CLIENT span
            // The agent instruments the outermost java.sql.Statement call (pgsafe's wrapper; its CallDepth then
            // suppresses pgjdbc's own call inside), so pgsafe's span is a child of the agent's JDBC CLIENT span,
            // which is a child of the application's span.
            String parentId = pgsafe.parentId();
            if (!parentId.equals(appSpanId)) {
                SpanLine jdbc = spans.stream().filter(s -> s.spanId().equals(parentId)).findFirst()
                        .orElseThrow(() -> new AssertionError("pgsafe's parent " + parentId + " is not exported"));
                assertThat(jdbc.kind()).isEqualTo(3); // SPAN_KIND_CLIENT
                assertThat(jdbc.traceId()).isEqualTo(traceId);
                assertThat(jdbc.parentId()).isEqualTo(appSpanId);
                assertThat(jdbc.name()).isEqualToIgnoringCase("ALTER TABLE agent_t");
            }
            if (zipkin) {
                String trace = readTrace(traceId);
                System.out.println("pgsafe agent test: Zipkin trace " + traceId + ": " + trace);
                assertThat(trace.toLowerCase()).contains("pgsafe guard alter table agent_t")
                        .contains("\"parentid\":\"" + pgsafe.parentId() + "\"").contains("pgsafe.lock.wait_ms")
                        .contains("\"id\":\"" + appSpanId + "\"");
                Files.writeString(Path.of("target", "otel", "zipkin-trace-id.txt"), traceId);
            }
        } finally {
            if (zipkinServer != null) {
                if (Boolean.getBoolean("pgsafe-test.zipkin.keep")) {
                    System.out.println("pgsafe agent test: Zipkin left running, pid " + zipkinServer.pid());
                } else {
                    zipkinServer.destroy();
                    zipkinServer.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void withoutOpenTelemetryOrMicrometerOnTheClasspathTheDriverWorksTheSame(TestDatabase db) throws Exception {
        db.execute("create table plain_t (id int)");
        String classPath = java.util.Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("opentelemetry") && !entry.contains("micrometer"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        Process child = new ProcessBuilder(javaBin(), "-cp", classPath, PlainChild.class.getName(),
                PgSafeUrls.url(db, ""), db.user(), db.password(), "plain_t").redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("pgsafe without OpenTelemetry/Micrometer: " + output.lines()
                .filter(l -> l.contains("PLAIN_OK") || l.contains("held too long")).toList());
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("PLAIN_OK tracing=false metrics=false").contains("pgsafe lock held too long")
                .doesNotContain("NoClassDefFoundError");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    private static Process startZipkin() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", ZIPKIN.toAbsolutePath().toString(),
                "--armeria.ports[0].port=9411", "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].protocols[0]=http").redirectErrorStream(true)
                .redirectOutput(new File("target/otel/zipkin.log")).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9411/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        p.destroy();
        throw new AssertionError("Zipkin did not start; see target/otel/zipkin.log");
    }

    private static String readTrace(String traceId) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:9411/api/v2/trace/" + traceId)).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200 && body.toLowerCase().contains("pgsafe guard")) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Zipkin has no pgsafe span for trace " + traceId + ": " + body + " " + Map.of());
    }
}
