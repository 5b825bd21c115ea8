package io.pgsafe.sample;

import io.pgsafe.jdbc.UnsafeStatementException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar pgsafe-sample-app.jar demo}: the whole story on one PostgreSQL server (embedded unless
 * {@code PGSAFE_DEMO_URL}), one fresh database per scene, each scene a real start of this Spring Boot app whose
 * DataSource the pgsafe starter wraps:
 * <ol>
 *   <li>the expand-migrate-contract rename, one deploy at a time, under HTTP load (p50/p99 per deploy);</li>
 *   <li>profile {@code unsafe} (what an ORM generates): pgsafe rewrites the index and stops the rest;</li>
 *   <li>the same with {@code pgsafe.mode=warn}: everything runs, pgsafe says what enforce would have done;</li>
 *   <li>the lock queue behind a long transaction, without and with pgsafe;</li>
 *   <li>profile {@code liquibase}: the same story through Liquibase 4.33;</li>
 *   <li>where the traces and metrics are: pgsafe's spans (printed as they end, one {@code span} line each, and sent
 *   to Zipkin with {@code PGSAFE_DEMO_ZIPKIN=1}) and its Micrometer meters ({@link DemoTelemetry}).</li>
 * </ol>
 * Exits non-zero when a scene did not turn out as described.
 */
final class Demo {
    private static final Map<String, String> DEPLOYS = new LinkedHashMap<>();

    static {
        DEPLOYS.put("2", "expand: add nullable email_address; the app now writes both columns");
        DEPLOYS.put("3", "migrate: backfill email_address, 2000-row batches with pauses (Java migration, no transaction; UPDATE ... WHERE is not DDL, pgsafe lets it through)");
        DEPLOYS.put("4", "index email_address CONCURRENTLY (no transaction); the app now reads email_address");
        DEPLOYS.put("5", "email becomes nullable; the app stops writing email");
        DEPLOYS.put("6", "contract: drop email; email_address NOT NULL via CHECK NOT VALID + VALIDATE");
        DEPLOYS.put("7", "orders -> users foreign key, NOT VALID");
        DEPLOYS.put("8", "VALIDATE the foreign key (SHARE UPDATE EXCLUSIVE: reads and writes go on)");
    }

    private final PrintStream out = System.out;
    private final List<String> problems = new ArrayList<>();
    private DemoLog log;
    private DemoDatabase database;
    private DemoTelemetry telemetry;
    private final Map<String, String> traces = new LinkedHashMap<>();

    int run() throws Exception {
        long start = System.nanoTime();
        // Spring Boot leaves logging alone; DemoLog prints pgsafe's and Flyway's lines and nothing else.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        log = DemoLog.install(out);
        out.println("pgsafe demo");
        out.println("===========");
        database = DemoDatabase.get();
        out.println("PostgreSQL: " + database.description()
                + (database.startup().isZero() ? "" : ", started in " + database.startup().toMillis() + " ms"));
        out.println("pgsafe agent: " + (LockQueueScene.agentLoaded() ? "loaded" : "not loaded")
                + "; the app's DataSource is wrapped by pgsafe-spring-boot-starter (spring.datasource.url stays jdbc:postgresql://)");

        telemetry = DemoTelemetry.get();
        out.println("Telemetry: an OpenTelemetry SDK (each pgsafe span is printed as a 'span' line when it ends) and a"
                + " Micrometer registry, handed to pgsafe by the starter; Zipkin export "
                + (telemetry.zipkin() == null ? "off (./demo.sh --zipkin)" : "on: " + telemetry.zipkin()));

        scene("1. expand, migrate, contract", this::story);
        scene("2. unsafe profile", this::unsafe);
        scene("3. warn mode", this::warn);
        scene("4. lock queue", this::lockQueue);
        scene("5. liquibase", this::liquibase);
        traces();

        out.println();
        out.printf("Done in %.1f s. %s%n", (System.nanoTime() - start) / 1e9,
                problems.isEmpty() ? "Every scene turned out as described." : "PROBLEMS: " + problems);
        return problems.isEmpty() ? 0 : 1;
    }

    /** Each scene is one trace: a root span whose children are pgsafe's spans. */
    private void scene(String name, DemoTelemetry.Body body) throws Exception {
        traces.put(name, telemetry.inSpan("pgsafe demo " + name, body));
    }

    private void story() throws Exception {
        header("1. Expand, migrate, contract: users.email -> users.email_address in six deploys, under load");
        String url = database.freshDatabase("pgsafe_demo_story");
        try (ConfigurableApplicationContext app = start(url, true, "--sample.flyway.step-by-step=true")) {
            Flyway flyway = app.getBean(Flyway.class);
            DeployPhase phase = app.getBean(DeployPhase.class);
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            out.println("Deploy 1: create users (20000 rows) and orders; the app reads and writes email  [GET/POST http://127.0.0.1:" + port + "/users]");
            migrate(flyway, "1");
            phase.set(1);
            try (LoadGenerator load = new LoadGenerator(port, 4)) {
                Thread.sleep(1000);
                load.nextWindow(); // warm-up (JIT, pool) left out
                Thread.sleep(800);
                out.println("  load before any change: " + load.nextWindow().summary());
                for (Map.Entry<String, String> deploy : DEPLOYS.entrySet()) {
                    out.println("Deploy " + deploy.getKey() + ": " + deploy.getValue());
                    load.nextWindow();
                    long begin = System.nanoTime();
                    migrate(flyway, deploy.getKey());
                    long millis = (System.nanoTime() - begin) / 1_000_000;
                    phase.set(Integer.parseInt(deploy.getKey()));
                    Thread.sleep(400);
                    Latencies window = load.nextWindow();
                    out.println("  migration " + millis + " ms; load meanwhile: " + window.summary());
                    if (window.errors() > 0) {
                        problems.add("deploy " + deploy.getKey() + " had " + window.errors() + " failed requests");
                    }
                }
            }
            out.println("Story done: " + flyway.info().applied().length + " migrations applied, pgsafe guarded "
                    + log.count("guarded") + " DDL statements, allowed " + log.count("allowed")
                    + " by comment, rewrote " + log.count("rewrote") + ", blocked " + log.count("blocked") + ".");
            if (log.count("blocked") > 0) {
                problems.add("the safe story had a blocked statement");
            }
        } catch (Exception e) {
            problems.add("the safe story failed: " + e);
            out.println("  FAILED: " + rootMessage(e));
        }
    }

    private void unsafe() throws Exception {
        header("2. Profile unsafe: the migrations an ORM would generate, pgsafe.mode=enforce");
        log.resetCounts();
        String url = database.freshDatabase("pgsafe_demo_unsafe");
        log.quiet(true);
        telemetry.printer().quiet(true);
        try (ConfigurableApplicationContext app = start(url, false, "--spring.profiles.active=unsafe",
                "--sample.flyway.step-by-step=true")) {
            migrate(app.getBean(Flyway.class), "8");
            log.quiet(false);
            telemetry.printer().quiet(false);
            log.resetCounts();
            out.println("(the story V1-V8 applied quietly; now V100-V104)");
            migrate(app.getBean(Flyway.class), "104");
            problems.add("pgsafe did not stop the unsafe migrations");
        } catch (Exception e) {
            log.quiet(false);
            telemetry.printer().quiet(false);
            UnsafeStatementException blocked = find(e, UnsafeStatementException.class);
            if (blocked == null) {
                problems.add("the unsafe profile failed, but not with pgsafe's message: " + e);
                out.println("  FAILED: " + rootMessage(e));
            } else {
                out.println("Flyway stopped at V101 and the app did not start: " + blocked.getClass().getSimpleName()
                        + " (SQLSTATE " + blocked.getSQLState() + ") with pgsafe's message above. V102-V104 never ran;"
                        + " scene 3 shows what they would have done.");
                if (log.count("rewrote") == 0) {
                    problems.add("the plain CREATE INDEX was not rewritten");
                }
            }
        }
    }

    private void warn() throws Exception {
        header("3. The same with pgsafe.mode=warn: everything runs, pgsafe says what enforce would have done");
        String url = database.freshDatabase("pgsafe_demo_warn");
        log.quiet(true);
        telemetry.printer().quiet(true);
        try (ConfigurableApplicationContext app = start(url, false, "--spring.profiles.active=unsafe",
                "--pgsafe.mode=warn", "--sample.flyway.step-by-step=true")) {
            migrate(app.getBean(Flyway.class), "8");
            log.quiet(false);
            telemetry.printer().quiet(false);
            log.resetCounts();
            migrate(app.getBean(Flyway.class), "104");
            out.println("All applied, with " + log.count("warned") + " warnings.");
            if (log.count("warned") == 0) {
                problems.add("warn mode printed no warning");
            }
        } catch (Exception e) {
            log.quiet(false);
            telemetry.printer().quiet(false);
            problems.add("warn mode failed: " + e);
            out.println("  FAILED: " + rootMessage(e));
        }
    }

    private void lockQueue() throws Exception {
        header("4. The lock queue: ALTER TABLE behind a " + LockQueueScene.BLOCKER_MILLIS
                + " ms transaction, " + LockQueueScene.READERS + " readers selecting meanwhile");
        String url = database.freshDatabase("pgsafe_demo_lock_queue");
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(url);
        plain.setUser(database.user());
        plain.setPassword(database.password());
        LockQueueScene.Result without = LockQueueScene.run(url, database.user(), database.password(), plain, "note",
                out);
        out.println((LockQueueScene.agentLoaded() ? "plain pgjdbc (the agent is loaded, so pgsafe is in the way)"
                : "without pgsafe") + ": ALTER " + without.ddlOutcome() + " after " + without.ddlMillis() + " ms");
        out.println("  readers: " + without.readers().summary());
        out.println("with pgsafe (lock-timeout=200ms, retries with backoff):");
        LockQueueScene.Result with = LockQueueScene.run(url, database.user(), database.password(),
                LockQueueScene.pgsafe(url, database.user(), database.password()), "note2", out);
        out.println("  ALTER " + with.ddlOutcome() + " after " + with.ddlMillis() + " ms");
        out.println("  readers: " + with.readers().summary());
        out.println(String.format("The readers' worst wait went from %.0f ms to %.0f ms.",
                without.readers().quantileMillis(1.0), with.readers().quantileMillis(1.0)));
        io.opentelemetry.sdk.trace.data.SpanData alter = telemetry.printer().last("queue_demo");
        Object waited = alter == null ? null : DemoTelemetry.SpanPrinter.get(alter.getAttributes(), "pgsafe.lock.wait_ms");
        if (waited instanceof Long wait && wait > 0) {
            out.println("Measured by pgsafe's lock monitor (the ALTER's span): it waited " + wait + " ms for its lock in all"
                    + " over " + DemoTelemetry.SpanPrinter.get(alter.getAttributes(), "pgsafe.retries") + " retries,"
                    + " blocked by pid(s) " + DemoTelemetry.SpanPrinter.get(alter.getAttributes(), "pgsafe.lock.blocking_pids")
                    + ", with up to " + DemoTelemetry.SpanPrinter.get(alter.getAttributes(), "pgsafe.lock.queued_sessions")
                    + " session(s) queued behind it (pgsafe.lock.wait_ms, .blocking_pids, .queued_sessions).");
        } else {
            problems.add("the lock-queue ALTER's span has no pgsafe.lock.wait_ms > 0");
            out.println("  (no pgsafe.lock.wait_ms on the ALTER's span: " + alter + ")");
        }
        if (with.readers().quantileMillis(1.0) >= without.readers().quantileMillis(1.0)) {
            problems.add("the lock queue was not shorter with pgsafe");
        }
    }

    private void liquibase() throws Exception {
        header("5. Profile liquibase: the same story through Liquibase 4.33 (formatted SQL, runInTransaction:false)");
        String url = database.freshDatabase("pgsafe_demo_liquibase");
        log.resetCounts();
        try (ConfigurableApplicationContext app = start(url, false, "--spring.profiles.active=liquibase")) {
            out.println("Liquibase applied the changelog; pgsafe guarded " + log.count("guarded")
                    + " DDL statements and allowed " + log.count("allowed") + " by comment.");
        } catch (Exception e) {
            problems.add("the liquibase profile failed: " + e);
            out.println("  FAILED: " + rootMessage(e));
        }
    }

    private void traces() {
        header("6. Where the traces and metrics are");
        out.println("Metrics (Micrometer): pgsafe.statements by action " + telemetry.statementsByAction()
                + (telemetry.lockWaits() == null ? "" : "; " + telemetry.lockWaits()));
        if (telemetry.zipkin() == null) {
            out.println("Traces: each scene above is one trace whose children are pgsafe's spans (the 'span' lines)."
                    + " To see them in Zipkin: ./demo.sh --zipkin (starts Zipkin on 127.0.0.1:9411). Any other backend:"
                    + " OTEL_* settings, docs/telemetry.md.");
            return;
        }
        boolean sent = telemetry.flush();
        out.println("Traces in Zipkin (" + (sent ? "sent" : "NOT all sent: is Zipkin up at " + telemetry.zipkin() + "?")
                + "), one per scene, pgsafe's spans inside:");
        traces.forEach((scene, traceId) -> out.println(String.format("  %-30s %s/zipkin/traces/%s", scene,
                telemetry.zipkin(), traceId)));
        if (!sent) {
            problems.add("the spans did not reach Zipkin at " + telemetry.zipkin());
        }
    }

    private ConfigurableApplicationContext start(String url, boolean web, String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + database.user(), "--spring.datasource.password=" + database.password(),
                "--server.port=0", "--server.address=127.0.0.1"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(SampleApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(all.toArray(String[]::new));
    }

    private static void migrate(Flyway flyway, String target) {
        Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .target(MigrationVersion.fromVersion(target))
                .load()
                .migrate();
    }

    private void header(String title) {
        out.println();
        out.println(title);
        out.println("-".repeat(Math.min(title.length(), 110)));
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                T found = find(suppressed, type);
                if (found != null) {
                    return found;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
