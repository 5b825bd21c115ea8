package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgsafe.jdbc.PgSafeUrls;
import io.pgsafe.jdbc.UnsafeStatementException;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * 32 threads mix DML, guarded DDL on a shared hot table, rewritten index builds, DDL in transactions and
 * statements pgsafe blocks on purpose, through a HikariCP pool of {@code jdbc:pgsafe:} connections. The only errors
 * are the expected ones (55P03 lock_timeout after the retry, PGS01 for the provoked blocks); no thread of the JVM is
 * ever deadlocked (checked every 100 ms); every thread finishes; throughput is printed. 10 s by default,
 * {@code -Dpgsafe-test.load.seconds=600} (or {@code -Pload-long}) for ten minutes.
 */
@PostgresTest
class MixedLoadTest {
    static final int SECONDS = Integer.getInteger("pgsafe-test.load.seconds", 10);
    private static final int THREADS = 32;
    private static final Set<String> EXPECTED = Set.of("55P03", UnsafeStatementException.SQLSTATE);

    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong statements = new AtomicLong();

    @Test
    void thirtyTwoThreadsMixingDdlAndDmlSeeOnlyExpectedErrorsAndNoDeadlock(TestDatabase db) {
        assertTimeoutPreemptively(Duration.ofSeconds(SECONDS + 120L), () -> {
            db.execute("create table hot (id int primary key, n int not null default 0); "
                    + "insert into hot select g, 0 from generate_series(1, 1000) g");
            for (int t = 0; t < THREADS; t++) {
                db.execute("create table own_" + t + " (id serial primary key, x int)");
            }
            // The set-up's own connections leave pg_stat_activity a moment after they close: let them go first
            // (at load 13 one was still there, and the end count of 0 then looked like a change).
            int baseline = db.awaitBackendCount(0, Duration.ofSeconds(10));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PgSafeUrls.url(db, "pgsafe.lock-timeout=200ms&pgsafe.lock-timeout-retries=1"
                    + "&pgsafe.retry-backoff=20ms"));
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(16);
            config.setConnectionTimeout(60_000);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            AtomicBoolean deadlockSeen = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (running.get()) {
                    long[] ids = mx.findDeadlockedThreads();
                    if (ids != null) {
                        deadlockSeen.set(true);
                        for (var info : mx.getThreadInfo(ids, true, true)) {
                            System.out.println("pgsafe load DEADLOCK: " + info);
                        }
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "deadlock-watcher");
            watcher.setDaemon(true);
            watcher.start();
            long started = System.nanoTime();
            try (HikariDataSource pool = new HikariDataSource(config)) {
                ExecutorService threads = Executors.newFixedThreadPool(THREADS);
                long end = started + TimeUnit.SECONDS.toNanos(SECONDS);
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    threads.submit(() -> work(pool, id, end));
                }
                threads.shutdown();
                assertThat(threads.awaitTermination(SECONDS + 90L, TimeUnit.SECONDS)).as("all threads finished")
                        .isTrue();
            } finally {
                running.set(false);
                watcher.join(5_000);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Long> summary = new TreeMap<>();
            outcomes.forEach((k, v) -> summary.put(k, v.sum()));
            System.out.printf("pgsafe load: %d threads, %.1f s, %d statements (%.0f/s), outcomes %s%n", THREADS,
                    seconds, statements.get(), statements.get() / seconds, summary);
            assertThat(unexpected).as(unexpected.isEmpty() ? "" : Faults.story(unexpected.peek())).isEmpty();
            assertThat(deadlockSeen).as("a JVM deadlock was seen").isFalse();
            assertThat(summary.getOrDefault("ddl-ok", 0L)).isGreaterThan(THREADS);
            assertThat(summary.getOrDefault(UnsafeStatementException.SQLSTATE, 0L)).isPositive();
            assertThat(db.awaitBackendCount(baseline, Duration.ofSeconds(20))).isEqualTo(baseline);
        });
    }

    private void work(HikariDataSource pool, int id, long end) {
        SplittableRandom random = new SplittableRandom(id);
        String own = "own_" + id;
        while (System.nanoTime() < end) {
            int dice = random.nextInt(100);
            try (Connection c = pool.getConnection()) {
                if (dice == 0) {
                    slowReader(c); // holds ACCESS SHARE on hot for 300 ms: DDL behind it hits lock_timeout (55P03)
                } else if (dice < 60) {
                    dml(c, random);
                } else if (dice < 75) {
                    ddl(c, dice % 2 == 0 ? "ALTER TABLE hot ADD COLUMN IF NOT EXISTS c" + random.nextInt(4) + " int"
                            : "COMMENT ON TABLE hot IS 'load " + random.nextInt(10) + "'");
                } else if (dice < 83) {
                    // Rewritten to CREATE INDEX CONCURRENTLY (autocommit), then dropped concurrently.
                    ddl(c, "CREATE INDEX IF NOT EXISTS " + own + "_x ON " + own + " (x)");
                    ddl(c, "DROP INDEX CONCURRENTLY IF EXISTS " + own + "_x");
                } else if (dice < 88) {
                    ddl(c, "DROP TABLE " + own); // provoked: pgsafe blocks it (PGS01), nothing is sent
                } else {
                    transaction(c, own, random);
                }
            } catch (SQLException e) {
                outcome(e);
            } catch (Throwable e) {
                unexpected.add(e);
            }
        }
    }

    private void dml(Connection c, SplittableRandom random) throws SQLException {
        int row = 1 + random.nextInt(1000);
        if (random.nextBoolean()) {
            try (PreparedStatement ps = c.prepareStatement("update hot set n = n + 1 where id = ?")) {
                ps.setInt(1, row);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("select n from hot where id = ?")) {
                ps.setInt(1, row);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
        statements.incrementAndGet();
        count("dml-ok");
    }

    private void slowReader(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeQuery("select count(*), pg_sleep(0.3) from hot").close();
            statements.incrementAndGet();
            c.commit();
            count("slow-reader");
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void ddl(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            statements.incrementAndGet();
            s.execute(sql);
            count("ddl-ok");
        }
    }

    private void transaction(Connection c, String own, SplittableRandom random) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + own + " (x) values (" + random.nextInt(100) + ")");
            s.execute("ALTER TABLE " + own + " ADD COLUMN IF NOT EXISTS y int");
            s.execute("COMMENT ON TABLE " + own + " IS 'tx'");
            statements.addAndGet(3);
            c.commit();
            count("tx-ok");
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void outcome(SQLException e) {
        if (EXPECTED.contains(e.getSQLState())) {
            count(e.getSQLState());
        } else {
            unexpected.add(e);
        }
    }

    private void count(String key) {
        outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
