package io.pgsafe.sample;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.jdbc.PgSafeDataSource;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lock queue, the reason a 1 ms catalog-only DDL can take an app down: a long transaction holds ACCESS SHARE on a
 * table (a report, a batch job), an {@code ALTER TABLE} queues for ACCESS EXCLUSIVE behind it, and every read that
 * arrives after the ALTER queues behind the ALTER. Without pgsafe the readers wait as long as the long transaction
 * lasts; with pgsafe the ALTER gives up after {@code pgsafe.lock-timeout}, lets the queue drain, and retries with
 * backoff, so no reader waits longer than the lock timeout.
 */
final class LockQueueScene {
    static final long BLOCKER_MILLIS = 3000;
    static final int READERS = 4;

    record Result(Latencies readers, long ddlMillis, String ddlOutcome) {
    }

    private LockQueueScene() {
    }

    /** The demo's pgsafe for this scene: a short lock timeout, retried until the long transaction has ended. */
    static DataSource pgsafe(String url, String user, String password) {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(url);
        plain.setUser(user);
        plain.setPassword(password);
        PgSafeConfig config = PgSafeConfig.layered(List.of(new ConfigSource("demo lock-queue scene", Map.of(
                "pgsafe.lock-timeout", "200ms", "pgsafe.lock-timeout-retries", "10", "pgsafe.retry-backoff", "100ms"))),
                RuleCatalog.ids());
        return new PgSafeDataSource(plain, config);
    }

    static void prepare(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create table if not exists queue_demo (id int primary key, v text)");
            s.execute("insert into queue_demo select g, 'row ' || g from generate_series(1, 1000) g on conflict do nothing");
        }
    }

    /**
     * @param ddl where the ALTER TABLE runs: plain pgjdbc (nothing in the way, or the agent when loaded) or pgsafe
     */
    static Result run(String url, String user, String password, DataSource ddl, String column, PrintStream out)
            throws Exception {
        prepare(url, user, password);
        Latencies latencies = new Latencies();
        CountDownLatch holding = new CountDownLatch(1);
        Thread blocker = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("select count(*) from queue_demo");
                    holding.countDown();
                    Thread.sleep(BLOCKER_MILLIS);
                }
                c.commit();
            } catch (Exception e) {
                holding.countDown();
                out.println("          blocker failed: " + e);
            }
        }, "pgsafe-demo-blocker");
        blocker.start();
        holding.await();
        List<Thread> readers = new ArrayList<>();
        boolean[] stop = {false};
        for (int i = 0; i < READERS; i++) {
            Thread reader = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password);
                        PreparedStatement select = c.prepareStatement("select v from queue_demo where id = ?")) {
                    while (!stop[0]) {
                        select.setInt(1, 1 + ThreadLocalRandom.current().nextInt(1000));
                        long start = System.nanoTime();
                        select.executeQuery().close();
                        latencies.record(System.nanoTime() - start);
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    latencies.error();
                }
            }, "pgsafe-demo-reader-" + i);
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        Thread.sleep(300);
        long start = System.nanoTime();
        String outcome;
        try (Connection c = ddl.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table queue_demo add column " + column + " text");
            outcome = "applied";
        } catch (SQLException e) {
            outcome = "failed: " + e.getMessage();
        }
        long ddlMillis = (System.nanoTime() - start) / 1_000_000;
        blocker.join();
        Thread.sleep(300);
        stop[0] = true;
        for (Thread reader : readers) {
            reader.join(5000);
        }
        return new Result(latencies, ddlMillis, outcome);
    }

    static boolean agentLoaded() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-javaagent") && arg.contains("pgsafe"));
    }

    /** {@code java [-javaagent:agent/target/pgsafe-agent.jar] -jar pgsafe-sample-app.jar lock-queue}: plain pgjdbc only. */
    static int runStandalone() throws Exception {
        PrintStream out = System.out;
        DemoLog.install(out);
        DemoDatabase database = DemoDatabase.get();
        String url = database.freshDatabase("pgsafe_demo_lock_queue_" + (agentLoaded() ? "agent" : "plain"));
        out.println("Lock queue on plain pgjdbc, " + (agentLoaded()
                ? "with the pgsafe agent (" + System.getProperty("pgsafe.lock-timeout", "pgsafe.lock-timeout default") + ")"
                : "without the pgsafe agent") + ": a " + BLOCKER_MILLIS + " ms transaction holds ACCESS SHARE on queue_demo,"
                + " ALTER TABLE queue_demo ADD COLUMN queues behind it, " + READERS + " readers keep selecting");
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(url);
        plain.setUser(database.user());
        plain.setPassword(database.password());
        Result result = run(url, database.user(), database.password(), plain, "note", out);
        out.println("  readers: " + result.readers().summary());
        out.println("  ALTER TABLE: " + result.ddlOutcome() + " after " + result.ddlMillis() + " ms");
        return 0;
    }
}
