package io.pgsafe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.agent.ChildJvm.Agents;
import io.pgsafe.agent.ChildJvm.Launch;
import io.pgsafe.testsupport.OtelConsoleSpans;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.SharedPostgres;
import io.pgsafe.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent jar ({@code target/pgsafe-agent.jar}, built by the shade step at {@code package}) in child JVMs running a
 * plain {@code jdbc:postgresql:} program ({@link io.pgsafe.agent.child.AgentProbe}).
 */
@PostgresTest
class AgentIT {

    private static void assertAllChecksPassed(ChildJvm.Result result, String... expectedChecks) {
        System.out.println(result.output());
        assertThat(result.lines("CHECK ")).as(result.output()).allMatch(l -> l.endsWith(" ok"));
        for (String check : expectedChecks) {
            assertThat(result.lines("CHECK ")).as(result.output()).contains("CHECK " + check + " ok");
        }
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static final String[] PLAIN_CHECKS = {"blocked-in-transaction", "blocked-after-begin",
        "commit-ends-the-transaction", "queries-unaffected", "prepared-blocked", "callable-blocked",
        "generated-keys-blocked", "batch-blocked", "generated-keys-work", "batch-works", "rewritten-in-autocommit",
        "datasource-blocked"};

    @Test
    void plainProgramIsGuarded(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()), ChildJvm.probeWithPgjdbc(), db,
                "plain");
        assertAllChecksPassed(result, PLAIN_CHECKS);
        assertThat(result.output()).contains("pgsafe agent 0.1.0-SNAPSHOT (premain")
                .contains("pgsafe.mode=enforce (from default)")
                .contains("pgsafe rewrote CREATE INDEX items")
                .doesNotContain("could not instrument");
    }

    @Test
    void besideTheOpenTelemetryAgentOtelFirst(TestDatabase db) throws Exception {
        besideOtel(db, true);
    }

    @Test
    void besideTheOpenTelemetryAgentPgsafeFirst(TestDatabase db) throws Exception {
        besideOtel(db, false);
    }

    /**
     * The plain program has no OpenTelemetry API of its own: pgsafe's spans go through the OTel agent's relocated
     * copy on the boot class path, into the trace of OTel's JDBC span for the same statement.
     */
    private static void besideOtel(TestDatabase db, boolean otelFirst) throws Exception {
        assertThat(ChildJvm.OTEL_JAR).exists();
        List<String> args = new ArrayList<>((otelFirst ? Agents.OTEL_FIRST : Agents.PGSAFE_FIRST).jvmArgs());
        args.add("-Dotel.traces.exporter=console"); // after otelQuiet's "none": the last -D wins
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, args, ChildJvm.probeWithPgjdbc(), db, "plain");
        assertAllChecksPassed(result, PLAIN_CHECKS);
        assertThat(result.output()).contains("opentelemetry-javaagent").doesNotContain("could not instrument");
        OtelConsoleSpans spans = OtelConsoleSpans.in(result.output());
        spans.pgsafeInAJdbcTrace("pgsafe.action=blocked", "db.collection.name=items", "pgsafe.delivery=agent");
        spans.pgsafeInAJdbcTrace("pgsafe.action=rewritten", "db.collection.name=items", "pgsafe.delivery=agent");
    }

    @Test
    void pgjdbcInAnIsolatedLoaderWhoseParentIsThePlatformLoader(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()),
                ChildJvm.classpath(ChildJvm.TEST_CLASSES), db, "isolated", ChildJvm.PGJDBC_JAR.toString());
        assertAllChecksPassed(result, "pgjdbc-not-on-app-classpath", "isolated-blocked", "isolated-queries-unaffected");
    }

    @Test
    void connectionsFromHikariAreGuarded(TestDatabase db) throws Exception {
        String classpath = String.join(java.io.File.pathSeparator, ChildJvm.probeWithPgjdbc(),
                codeSource(com.zaxxer.hikari.HikariDataSource.class), codeSource(org.slf4j.LoggerFactory.class));
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()), classpath, db, "hikari");
        assertAllChecksPassed(result, "hikari-datasource-class", "hikari-jdbc-url");
    }

    /**
     * Each migration tool under the agent alone, beside the OpenTelemetry agent in both orders, and on Java 25: not
     * every pair (each child JVM with the OTel agent costs several seconds), but both orders on 17 for each tool,
     * and one order each on 25.
     */
    static Stream<Launch> flywayLaunches() {
        return Stream.of(new Launch(17, Agents.PGSAFE_ALONE), new Launch(17, Agents.OTEL_FIRST),
                new Launch(17, Agents.PGSAFE_FIRST), new Launch(25, Agents.PGSAFE_FIRST));
    }

    static Stream<Launch> liquibaseLaunches() {
        return Stream.of(new Launch(17, Agents.PGSAFE_ALONE), new Launch(17, Agents.OTEL_FIRST),
                new Launch(17, Agents.PGSAFE_FIRST), new Launch(25, Agents.OTEL_FIRST));
    }

    /**
     * Flyway's API in one {@code migrate}: V2's plain CREATE INDEX outside a transaction is rewritten to
     * CONCURRENTLY (valid index), V3's in a transaction fails with PGS01 naming the rule and is not applied.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("flywayLaunches")
    void flywayMigrationsAreGuarded(Launch launch, SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("agent_flyway")) {
            ChildJvm.Result result = ChildJvm.run(launch.java(), launch.jvmArgs(), ChildJvm.applicationClasspath(),
                    db, "flyway");
            assertAllChecksPassed(result, "flyway-index-in-transaction-blocked",
                    "flyway-index-outside-transaction-rewritten", "flyway-blocked-migration-not-applied");
            assertLaunched(launch, result, "JAVA " + launch.javaVersion());
            assertThat(result.output()).contains("pgsafe rewrote CREATE INDEX f_items")
                    .contains("pgsafe blocked create-index-not-concurrently on f_items")
                    .doesNotContain("could not instrument");
        }
    }

    /**
     * Liquibase's command line, one {@code update}: changeset 2 (runInTransaction:false, the fix pgsafe's message
     * names) is rewritten to CONCURRENTLY, changeset 3 (in Liquibase's transaction) fails with PGS01 naming the
     * rule, the exit code is not 0, and changeset 3 is neither applied nor recorded.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("liquibaseLaunches")
    void liquibaseCommandLineIsGuarded(Launch launch, SharedPostgres server, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("changelog.sql"), """
                --liquibase formatted sql
                --changeset pgsafe:1
                create table l_items (id int, v text, w text);
                --changeset pgsafe:2 runInTransaction:false
                create index l_items_v on l_items (v);
                --changeset pgsafe:3
                create index l_items_w on l_items (w);
                """);
        List<String> jvm = new ArrayList<>(launch.jvmArgs());
        jvm.add("-Dliquibase.analytics.enabled=false");
        try (TestDatabase db = server.createDatabase("agent_liquibase")) {
            ChildJvm.Result result = ChildJvm.runMain(launch.java(), jvm, ChildJvm.applicationClasspath(),
                    "liquibase.integration.commandline.LiquibaseCommandLine", liquibase(db, dir, "changelog.sql"));
            System.out.println(result.output());
            assertLaunched(launch, result, "using Java " + launch.javaVersion() + ".");
            assertThat(result.exitCode()).as(result.output()).isNotZero();
            // Liquibase prints the messages of its exception's causes, not their SQLSTATE: the cause is pgsafe's
            // UnsafeStatementException, whose SQLSTATE is always PGS01.
            assertThat(result.output()).contains("pgsafe rewrote CREATE INDEX l_items")
                    .contains("Caused by: io.pgsafe.agent.shaded.io.pgsafe.jdbc.UnsafeStatementException: pgsafe "
                            + "blocked create-index-not-concurrently on l_items")
                    .doesNotContain("could not instrument");
            assertThat(db.queryForString("select i.indisvalid::text from pg_index i join pg_class c "
                    + "on c.oid = i.indexrelid where c.relname = 'l_items_v'")).isEqualTo("true");
            assertThat(db.queryForLong("select count(*) from pg_class where relname = 'l_items_w'")).isZero();
            assertThat(db.queryForString("select string_agg(id, ',' order by orderexecuted) from databasechangelog"))
                    .isEqualTo("1,2");
        }
    }

    /** The child JVM ran the Java and the agents {@code launch} names (none was silently left out). */
    private static void assertLaunched(Launch launch, ChildJvm.Result result, String javaLine) {
        assertThat(result.output()).as(result.output()).contains(javaLine)
                .contains("pgsafe agent 0.1.0-SNAPSHOT (premain");
        if (launch.agents() != Agents.PGSAFE_ALONE) {
            assertThat(result.output()).as(result.output()).contains("opentelemetry-javaagent - version: 2.33.1");
        }
    }

    private static List<String> liquibase(TestDatabase db, Path dir, String changelog) {
        // Liquibase's command line reconfigures java.util.logging, where the agent's lines go, and silences every
        // channel but its own: --log-channels brings io.pgsafe back.
        return List.of("--show-banner=false", "--log-level=INFO", "--log-channels=liquibase,io.pgsafe", "--url=" + db.url(), "--username=" + db.user(),
                "--password=" + (db.password() == null ? "" : db.password()), "--search-path=" + dir,
                "update", "--changelog-file=" + changelog);
    }

    @Test
    void preparedAndBatchedDdlRunThroughTheExecutor(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()
                + "=pgsafe.lock-timeout=300ms,pgsafe.lock-timeout-retries=1,pgsafe.retry-backoff=100ms"),
                ChildJvm.probeWithPgjdbc(), db, "prepared");
        assertAllChecksPassed(result, "prepared-guard-lock-timeout", "batch-guard-lock-timeout",
                "prepared-rewritten-in-autocommit", "batch-rewritten-in-autocommit", "prepared-queries-unaffected");
        // Two attempts of 300 ms lock_timeout and a 50-100 ms pause: at least 600 ms; the upper bound leaves room
        // for a loaded machine.
        for (String prefix : List.of("PREPARED_LOCK_TIMEOUT ", "BATCH_LOCK_TIMEOUT ")) {
            String line = result.lines(prefix).get(0);
            long ms = Long.parseLong(line.split(" ")[2]);
            assertThat(ms).as(line).isBetween(600L, 6000L);
        }
        assertThat(result.output()).contains("pgsafe retry 1 of 1")
                .contains("pgsafe rewrote CREATE INDEX p_items").doesNotContain("could not instrument");
    }

    @Test
    void spansThroughTheApplicationsOpenTelemetryWithTheLockMonitor(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()),
                ChildJvm.applicationClasspath(), db, "telemetry");
        System.out.println(result.output());
        assertThat(result.exitCode()).as(result.output()).isZero();
        String span = result.lines("SPAN ").stream().filter(l -> l.contains("ALTER TABLE t_items")).findFirst()
                .orElseThrow(() -> new AssertionError("no span for the ALTER TABLE:\n" + result.output()));
        // Attribute order in the printed map varies from run to run.
        assertThat(span).containsPattern("pgsafe\\.delivery=agent[,}]").containsPattern("pgsafe\\.action=guarded[,}]")
                .containsPattern("pgsafe\\.lock\\.blocking_pids=\\[\\d+\\]");
        java.util.regex.Matcher wait = java.util.regex.Pattern.compile("pgsafe\\.lock\\.wait_ms=(\\d+)").matcher(span);
        assertThat(wait.find()).as("pgsafe.lock.wait_ms in " + span).isTrue();
        // The blocker lets go after 500 ms; the lock monitor (its own connection, opened with the URL and
        // properties captured at Driver.connect) samples every 10 ms.
        assertThat(Long.parseLong(wait.group(1))).as(span).isBetween(300L, 1500L);
        assertThat(result.output()).doesNotContain("lock monitor unavailable");
        if (db.password() != null && !db.password().isEmpty()) {
            // The monitor's connection reuses the captured properties; they are never logged.
            assertThat(result.output()).doesNotContain("password=" + db.password())
                    .doesNotContain(":" + db.password() + "@");
        }
    }

    /**
     * agentmain: the agent is attached (jdk.attach) to a running JVM that has loaded pgjdbc and holds an open
     * connection; pgjdbc's classes are retransformed and the same connection's plain CREATE INDEX in a transaction
     * is then blocked.
     */
    @Test
    void dynamicAttachRetransformsTheLoadedPgjdbc(TestDatabase db) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.JAVA, "-cp", ChildJvm.probeWithPgjdbc(),
                "io.pgsafe.agent.child.AgentProbe", "attach", db.url(), db.user(),
                db.password() == null ? "" : db.password()));
        Path log = Files.createTempFile("pgsafe-agent-attach-", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            String ready = null;
            while (ready == null && System.nanoTime() < deadline && child.isAlive()) {
                ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("READY ")).findFirst().orElse(null);
                Thread.sleep(50);
            }
            assertThat(ready).as(Files.readString(log)).isNotNull();
            String pid = ready.substring("READY ".length()).strip();
            long attachStarted = System.nanoTime();
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
            try {
                vm.loadAgent(ChildJvm.AGENT_JAR.toString());
            } finally {
                vm.detach();
            }
            long attachMillis = (System.nanoTime() - attachStarted) / 1_000_000;
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            assertThat(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            System.out.println(output + "\nattach + agentmain took " + attachMillis + " ms");
            assertThat(output).contains("CHECK unguarded-before-attach ok", "CHECK blocked-after-attach ok",
                    "CHECK new-connection-blocked-after-attach ok", "pgsafe agent 0.1.0-SNAPSHOT (agentmain")
                    .doesNotContain("could not instrument").doesNotContain("could not retransform");
            assertThat(child.exitValue()).as(output).isZero();
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void modeOffInstrumentsNothing(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent() + "=pgsafe.mode=off"),
                ChildJvm.probeWithPgjdbc(), db, "unguarded");
        assertAllChecksPassed(result, "not-blocked-when-off");
        assertThat(result.output()).contains("pgsafe.mode=off: no instrumentation at all");
    }

    @Test
    void aBadArgumentFailsAtStartUpNamingTheKey(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent() + "=lock-timeout=abc"),
                ChildJvm.probeWithPgjdbc(), db, "unguarded");
        System.out.println(result.output());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("pgsafe.lock-timeout=abc").contains("agent arguments");
    }

    @Test
    void theWrapperBesideTheAgentJudgesEachStatementOnce(TestDatabase db) throws Exception {
        String classpath = String.join(java.io.File.pathSeparator, ChildJvm.probeWithPgjdbc(),
                codeSource(io.pgsafe.jdbc.PgSafeDriver.class), codeSource(io.pgsafe.core.engine.Guard.class),
                codeSource(org.slf4j.LoggerFactory.class), codeSource(org.slf4j.simple.SimpleLogger.class));
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()), classpath, db, "wrapper");
        assertAllChecksPassed(result, "wrapper-blocked", "wrapper-rewrites-once");
        // One judgement per statement: the wrapper's (SLF4J simple: "[main] WARN io.pgsafe - ..."), not the agent's.
        assertThat(result.output().lines().filter(l -> l.contains("pgsafe blocked create-index-not-concurrently")
                && !l.startsWith("BLOCKED")).count()).as(result.output()).isEqualTo(1);
        assertThat(result.output().lines().filter(l -> l.contains("pgsafe rewrote")).count()).as(result.output())
                .isEqualTo(1);
    }

    @Test
    void java25(TestDatabase db) throws Exception {
        Launch launch = new Launch(25, Agents.PGSAFE_ALONE);
        ChildJvm.Result result = ChildJvm.run(launch.java(), launch.jvmArgs(), ChildJvm.probeWithPgjdbc(), db,
                "plain");
        assertAllChecksPassed(result, PLAIN_CHECKS);
        assertThat(result.output()).doesNotContain("sun.misc.Unsafe").doesNotContain("could not instrument");
    }

    /** The bound on the extra start-up time at load up to the CPU count (see startUpCost). */
    private static final long STARTUP_BOUND_MILLIS = 500;

    /**
     * JVM start to the first connection's first query, with and without the agent, interleaved. With
     * {@code -Dpgsafe-test.agent.baseline.jar=<an older pgsafe-agent.jar>} a third series runs that jar, interleaved
     * too, for a before/after comparison under the same load.
     */
    @Test
    void startUpCost(TestDatabase db) throws Exception {
        int runs = Integer.getInteger("pgsafe-test.startup.runs", 5);
        String baselineJar = System.getProperty("pgsafe-test.agent.baseline.jar", "");
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        ChildJvm.run(ChildJvm.JAVA, List.of(), ChildJvm.probeWithPgjdbc(), db, "startup"); // warm the file cache
        for (int i = 0; i < runs; i++) {
            without.add(startupMillis(ChildJvm.run(ChildJvm.JAVA, List.of(), ChildJvm.probeWithPgjdbc(), db,
                    "startup")));
            with.add(startupMillis(ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()), ChildJvm.probeWithPgjdbc(),
                    db, "startup")));
            if (!baselineJar.isEmpty()) {
                baseline.add(startupMillis(ChildJvm.run(ChildJvm.JAVA, List.of("-javaagent:" + baselineJar),
                        ChildJvm.probeWithPgjdbc(), db, "startup")));
            }
        }
        long medianWithout = median(without);
        long medianWith = median(with);
        long minWithout = without.stream().min(Long::compare).orElseThrow();
        long minWith = with.stream().min(Long::compare).orElseThrow();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println("pgsafe agent start-up cost (JVM start to first connection + select 1, ms, " + runs
                + " interleaved runs, Java " + Runtime.version().feature() + ", " + Runtime.getRuntime()
                .availableProcessors() + " CPUs, load average " + loadBefore + " before, " + load + " after): without "
                + without + " (min " + minWithout + ", median " + medianWithout + "); with " + with + " (min " + minWith
                + ", median " + medianWith + "); extra: min " + (minWith - minWithout) + ", median "
                + (medianWith - medianWithout));
        if (!baseline.isEmpty()) {
            long medianBaseline = median(baseline);
            long minBaseline = baseline.stream().min(Long::compare).orElseThrow();
            System.out.println("pgsafe agent start-up cost, baseline " + baselineJar + ": " + baseline + " (min "
                    + minBaseline + ", median " + medianBaseline + "); extra: min " + (minBaseline - minWithout)
                    + ", median " + (medianBaseline - medianWithout));
        }
        // The minimum is the run least disturbed by the rest of the machine (parallel builds share 2 CPUs here);
        // the bound stretches with the load beyond the CPU count, where every figure is inflated alike. 500 ms: the
        // goal is 300 ms (issue #5), and the agent that inlined Byte Buddy Advice took some 500-700 ms at load 1.
        double overload = Math.max(1, Math.max(load, loadBefore) / Runtime.getRuntime().availableProcessors());
        long bound = Math.round(STARTUP_BOUND_MILLIS * overload);
        System.out.println("pgsafe agent start-up cost bound: " + bound + " ms (" + STARTUP_BOUND_MILLIS
                + " ms x overload " + overload + ")");
        assertThat(minWith - minWithout).isLessThan(bound);
    }

    private static long startupMillis(ChildJvm.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.lines("STARTUP_MS ").stream().map(l -> Long.parseLong(l.substring("STARTUP_MS ".length())))
                .findFirst().orElseThrow(() -> new AssertionError(result.output()));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
