package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgsafe.jdbc.PgSafeUrls;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of guarded DDL statements with the lock monitor on, through one connection and through a small pool:
 * server backends, client sockets, threads and used heap stay flat (sampled after a warm-up, in the middle and at
 * the end; the figures are printed). {@code -Dpgsafe-test.leak.cycles} sets the number of guarded statements per run
 * (5 000 by default, so 10 000 in all and the default run stays short on a loaded machine).
 */
@PostgresTest
class ResourceLeakTest {
    static final int CYCLES = Integer.getInteger("pgsafe-test.leak.cycles", 5_000);
    private static final int WARM_UP = 300;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp(TestDatabase db) throws SQLException {
        db.execute("create table if not exists lk (id int primary key); create table if not exists lk_0 (id int); "
                + "create table if not exists lk_1 (id int); create table if not exists lk_2 (id int); "
                + "create table if not exists lk_3 (id int)");
        PgSafeTelemetry.useMeterRegistry(meters); // counters only: nothing that grows with the statement count
    }

    @AfterEach
    void tearDown() {
        PgSafeTelemetry.reset();
    }

    /** One guarded DDL statement: a comment (catalog-only) or an ADD COLUMN IF NOT EXISTS (a no-op after the first). */
    static void cycle(Statement s, String table, int i) throws SQLException {
        if ((i & 1) == 0) {
            s.execute("COMMENT ON TABLE " + table + " IS 'cycle " + (i & 7) + "'");
        } else {
            s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS extra int");
        }
    }

    @Test
    void guardedDdlThroughOneConnectionLeaksNothing(TestDatabase db) {
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
            Sample start;
            Sample end;
            try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
                for (int i = 0; i < WARM_UP; i++) {
                    cycle(s, "lk", i);
                }
                start = Sample.take(db);
                long t0 = System.nanoTime();
                for (int i = 0; i < CYCLES; i++) {
                    cycle(s, "lk", i);
                    if (i == CYCLES / 2) {
                        Sample middle = Sample.take(db);
                        System.out.println("pgsafe leak (one connection) middle: " + middle);
                    }
                }
                long millis = (System.nanoTime() - t0) / 1_000_000;
                end = Sample.take(db);
                System.out.println("pgsafe leak (one connection): " + CYCLES + " guarded statements in " + millis + " ms\n  start " + start + "\n  end   " + end);
            }
            assertFlat(start, end);
            assertThat(guarded()).isGreaterThanOrEqualTo(CYCLES);
            assertThat(db.awaitBackendCount(0, Duration.ofSeconds(10))).isZero();
        });
    }

    @Test
    void guardedDdlThroughASmallPoolLeaksNothing(TestDatabase db) {
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PgSafeUrls.url(db, ""));
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(4);
            Sample start;
            Sample end;
            try (HikariDataSource pool = new HikariDataSource(config)) {
                runOnPool(pool, WARM_UP);
                // Every pooled connection opens its lock monitor's connection at its first guarded statement, and
                // Hikari may hand one thread the same connection throughout: hold all four at once so each has
                // had one before the start is sampled.
                everyPooledConnectionOnce(pool);
                start = Sample.take(db);
                long t0 = System.nanoTime();
                runOnPool(pool, CYCLES / 2);
                System.out.println("pgsafe leak (pool of 4, 4 threads) middle: " + Sample.take(db));
                runOnPool(pool, CYCLES - CYCLES / 2);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                end = Sample.take(db);
                System.out.println("pgsafe leak (pool of 4, 4 threads): " + CYCLES + " checkouts with a guarded "
                        + "statement each in " + millis + " ms\n  start " + start + "\n  end   " + end);
            }
            assertFlat(start, end);
            assertThat(db.awaitBackendCount(0, Duration.ofSeconds(10))).isZero();
        });
    }

    private static void everyPooledConnectionOnce(HikariDataSource pool) throws SQLException {
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection c = pool.getConnection();
                all.add(c);
                try (Statement s = c.createStatement()) {
                    cycle(s, "lk_" + i, 0);
                }
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
    }

    /** {@code count} checkouts, each running one guarded statement, spread over 4 threads (one table each). */
    private static void runOnPool(HikariDataSource pool, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String table = "lk_" + t;
                int share = count / 4 + (t < count % 4 ? 1 : 0);
                work.add(threads.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                            cycle(s, table, i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private double guarded() {
        return meters.find("pgsafe.statements").tag("action", "guarded").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void assertFlat(Sample start, Sample end) {
        assertThat(end.backends).as("server backends").isEqualTo(start.backends);
        assertThat(end.sockets).as("client sockets").isLessThanOrEqualTo(start.sockets + 1);
        assertThat(end.threads).as("threads").isLessThanOrEqualTo(start.threads + 2);
        // Generous for a shared, loaded JVM: a leak of one object per statement would be far above this.
        assertThat(end.heapBytes - start.heapBytes).as("used heap growth").isLessThan(24L << 20);
    }

    /** One look at everything that could leak. */
    record Sample(int backends, long sockets, int threads, long heapBytes) {
        static Sample take(TestDatabase db) throws SQLException, IOException {
            int backends = db.backendCount();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            return new Sample(backends, countSockets(), ManagementFactory.getThreadMXBean().getThreadCount(), heap);
        }

        static long countSockets() throws IOException {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return fds.filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                    } catch (IOException e) {
                        return false; // the fd closed while listing
                    }
                }).count();
            }
        }

        @Override
        public String toString() {
            return "backends=" + backends + " sockets=" + sockets + " threads=" + threads + " heapUsed="
                    + (heapBytes >> 10) + "kB";
        }
    }
}
