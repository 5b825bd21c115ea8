package io.pgsafe.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.OtelConsoleSpans;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.SharedPostgres;
import io.pgsafe.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sample app's Spring Boot executable jar ({@code target/pgsafe-sample-app.jar}: pgjdbc in Boot's
 * {@code LaunchedClassLoader}) started in a child JVM with {@code -javaagent:pgsafe-agent.jar}, the starter switched
 * off ({@code --pgsafe.mode=off} is a Spring property: the starter leaves the DataSource unwrapped, the agent reads
 * only its arguments, {@code -Dpgsafe.*}, {@code PGSAFE_*} and files), so the agent alone guards Flyway's migrations
 * of the {@code unsafe} profile: V100's plain CREATE INDEX is rewritten to CONCURRENTLY, V101 is blocked with
 * {@code PGS01} and the app does not start. Then the same beside the OpenTelemetry Java agent, in both orders.
 */
@PostgresTest
class SampleAppUnderTheAgentIT {
    private static final Path AGENT_JAR = Path.of(System.getProperty("pgsafe-test.agent.jar"));
    private static final Path OTEL_JAR = Path.of(System.getProperty("pgsafe-test.otel.jar"));
    private static final Path APP_JAR = Path.of(System.getProperty("pgsafe-test.app.jar"));
    private static final String JAVA_17 = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    @Test
    void theAgentAloneGuardsTheExecutableJar(SharedPostgres server) throws Exception {
        unsafeProfileIsStopped(server, "agent_only", 17, List.of("-javaagent:" + AGENT_JAR));
    }

    @Test
    void theAgentAloneOnJava25(SharedPostgres server) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(JAVA_25)),
                "Temurin 25 is not installed at " + JAVA_25 + ": the Java 25 run is skipped");
        unsafeProfileIsStopped(server, "agent_java25", 25, List.of("-javaagent:" + AGENT_JAR));
    }

    @Test
    void otelAgentFirst(SharedPostgres server) throws Exception {
        String output = unsafeProfileIsStopped(server, "agent_otel_first", 17, withOtel(List.of(
                "-javaagent:" + OTEL_JAR, "-javaagent:" + AGENT_JAR)));
        pgsafeSpansAreInTheTracesOfOtelsJdbcSpans(output);
    }

    @Test
    void pgsafeAgentFirst(SharedPostgres server) throws Exception {
        String output = unsafeProfileIsStopped(server, "agent_pgsafe_first", 17, withOtel(List.of(
                "-javaagent:" + AGENT_JAR, "-javaagent:" + OTEL_JAR)));
        pgsafeSpansAreInTheTracesOfOtelsJdbcSpans(output);
    }

    /**
     * The agent's loader (the system loader) cannot see the OpenTelemetry API in BOOT-INF/lib; pgsafe binds to it
     * through the loader of the app's pgjdbc connection, and the OTel agent bridges that API to its own SDK. The
     * blocked and the rewritten statement each have an INTERNAL pgsafe span in the trace of OTel's JDBC CLIENT span
     * for the same statement.
     */
    private static void pgsafeSpansAreInTheTracesOfOtelsJdbcSpans(String output) {
        OtelConsoleSpans spans = OtelConsoleSpans.in(output);
        spans.pgsafeInAJdbcTrace("pgsafe.action=blocked", "db.collection.name=users", "pgsafe.delivery=agent");
        spans.pgsafeInAJdbcTrace("pgsafe.action=rewritten", "db.collection.name=users", "pgsafe.delivery=agent");
    }

    private static List<String> withOtel(List<String> agents) {
        List<String> all = new ArrayList<>(List.of("-Dotel.traces.exporter=console", "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=simple",
                // Only OTel's JDBC instrumentation (the one that meets pgsafe's hooks in pgjdbc's classes) and its
                // bridge of the application's io.opentelemetry.api (where pgsafe's spans go): the whole set doubles
                // the start-up time of these runs.
                "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.jdbc.enabled=true",
                "-Dotel.instrumentation.jdbc-datasource.enabled=true",
                "-Dotel.instrumentation.opentelemetry-api.enabled=true"));
        all.addAll(agents);
        return all;
    }

    /** @return the app's output */
    private static String unsafeProfileIsStopped(SharedPostgres server, String name, int java, List<String> jvmArgs)
            throws Exception {
        assertThat(AGENT_JAR).exists();
        assertThat(APP_JAR).exists();
        try (TestDatabase db = server.createDatabase(name)) {
            List<String> command = new ArrayList<>();
            command.add(java == 25 ? JAVA_25 : JAVA_17);
            command.add("-XX:TieredStopAtLevel=1");
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", APP_JAR.toString(), "--spring.profiles.active=unsafe", "--pgsafe.mode=off",
                    "--spring.main.web-application-type=none", "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                    "--logging.level.root=WARN", "--logging.level.io.pgsafe=INFO",
                    "--logging.level.io.pgsafe.sample.SampleApplication=INFO"));
            Path log = Files.createTempFile("pgsafe-sample-agent-", ".log");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            System.out.println("[" + name + "] " + (System.nanoTime() - started) / 1_000_000 + " ms\n" + output);
            assertThat(exited).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("using Java " + java + ".");
            // The starter did not wrap: the agent did the work, with its relocated engine and exception.
            assertThat(output).contains("pgsafe.mode=off, DataSource bean 'dataSource' left unwrapped")
                    .contains("pgsafe agent 0.1.0-SNAPSHOT (premain")
                    .contains("pgsafe rewrote CREATE INDEX users")
                    .contains("pgsafe blocked add-column-volatile-default on users")
                    .contains("PGS01")
                    .contains("io.pgsafe.agent.shaded.io.pgsafe.jdbc.UnsafeStatementException")
                    .doesNotContain("could not instrument");
            assertThat(db.queryForString("select i.indisvalid::text from pg_index i join pg_class c"
                    + " on c.oid = i.indexrelid where c.relname = 'users_created_at_idx'")).isEqualTo("true");
            assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'users'"
                    + " and column_name = 'public_id'")).isZero();
            assertThat(db.queryForString("select version from flyway_schema_history where success"
                    + " order by installed_rank desc limit 1")).isEqualTo("100");
            return output;
        }
    }
}
