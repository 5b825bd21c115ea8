package io.pgsafe.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end workload, one child JVM per variant (so agents can be attached). Not JMH: worker threads borrow a
 * connection from HikariCP (pool size = threads), prepare one statement of a pgbench-like mix, run it in autocommit,
 * close it and hand the connection back; one such round trip is one operation.
 *
 * <ul>
 *   <li>50 %: {@code SELECT abalance FROM e2e_accounts WHERE aid = ?}</li>
 *   <li>25 %: {@code UPDATE e2e_accounts SET abalance = abalance + ? WHERE aid = ?}</li>
 *   <li>25 %: {@code INSERT INTO e2e_history (aid, delta, mtime) VALUES (?, ?, now())}</li>
 * </ul>
 *
 * <p>Protocol (driven by {@link E2eRunner} over stdin/stdout; every reply line starts with {@code E2E }):
 * on start the child prints {@code E2E ready ...}; then each {@code run <threads> <warmupMillis> <measureMillis>}
 * builds a fresh pool of {@code threads} connections, fills it, runs the mix for the warm-up and then for the
 * measured window, closes the pool and prints one {@code E2E result ...} line; {@code quit} ends the JVM.
 * {@code --once threads seconds} runs one measurement without the protocol (the smoke run and the JFR profile;
 * {@code --once-warmup-ms} sets its warm-up, default 200 ms).
 *
 * <p>CPU is the whole process's (all threads, GC and JIT included) over the measured window ({@link ClientCpu}),
 * and, beside it, the CPU of the pool's PostgreSQL backends in the same window ({@link ServerCpu}).
 */
public final class Workload {

    static final int ACCOUNTS = 100_000;
    static final String SELECT = "SELECT abalance FROM e2e_accounts WHERE aid = ?";
    static final String UPDATE = "UPDATE e2e_accounts SET abalance = abalance + ? WHERE aid = ?";
    static final String INSERT = "INSERT INTO e2e_history (aid, delta, mtime) VALUES (?, ?, now())";

    private final Variant variant;
    private final String url;
    private final String user;
    private final String password;

    Workload(Variant variant, String url, String user, String password) {
        this.variant = variant;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        String variant = "raw";
        String url = "jdbc:postgresql://127.0.0.1:5432/pgsafe_bench";
        String user = "postgres";
        String password = "postgres";
        int onceThreads = 0;
        double onceSeconds = 0;
        long onceWarmupMillis = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variant" -> variant = args[++i];
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--once" -> {
                    onceThreads = Integer.parseInt(args[++i]);
                    onceSeconds = Double.parseDouble(args[++i]);
                }
                case "--once-warmup-ms" -> onceWarmupMillis = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Workload workload = new Workload(Variant.of(variant), url, user, password);
        PrintStream out = System.out;
        workload.variant.init();
        out.println("E2E ready variant=" + variant + " canary=" + workload.canary());
        out.flush();
        if (onceThreads > 0) {
            out.println("E2E result " + workload.run(onceThreads, onceWarmupMillis, (long) (onceSeconds * 1000)).line());
            out.flush();
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("quit")) {
                break;
            }
            if (f[0].equals("warm")) {
                out.println("E2E warmed " + workload.warm(Integer.parseInt(f[1]), Long.parseLong(f[2])));
                out.flush();
            }
            if (f[0].equals("run")) {
                Result r = workload.run(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
                out.println("E2E result " + r.line());
                out.flush();
            }
        }
        System.exit(0); // the OTel agent's and the SDK's daemon-less threads must not keep the JVM alive
    }

    /**
     * Proof that the variant's layer is really in the path: {@code DROP TABLE} of a table that does not exist.
     * pgjdbc and the peers send it and get 42P01; pgsafe (wrapper or agent, enforce mode) blocks it with PGS01
     * before anything is sent. Also names the Connection class the application sees.
     */
    String canary() {
        try (Variant.Pool pool = variant.pool(url, user, password, 1);
             Connection c = pool.dataSource().getConnection();
             Statement s = c.createStatement()) {
            String cls = c.getClass().getName();
            String state;
            try {
                s.execute("DROP TABLE e2e_canary_that_does_not_exist");
                state = "none";
            } catch (SQLException e) {
                state = e.getSQLState();
            }
            return state + " connection=" + cls;
        } catch (SQLException e) {
            throw new IllegalStateException("canary failed: " + e, e);
        }
    }

    /**
     * JVM warm-up until the JIT has settled: 2 s slices at {@code threads} until a slice saw less than 20 ms of
     * compilation (after at least 4 s), or {@code maxMillis}. A time-only warm-up is not enough on a loaded machine:
     * the compiler threads fall behind, and a variant's CPU per operation then keeps falling for several rounds
     * while raw, which runs between every two of them, is warm long before.
     */
    String warm(int threads, long maxMillis) throws Exception {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long last;
        long elapsed;
        do {
            long c0 = jit.getTotalCompilationTime();
            run(threads, 0, 2000);
            last = jit.getTotalCompilationTime() - c0;
            elapsed = (System.nanoTime() - start) / 1_000_000;
        } while ((last >= 20 || elapsed < 4000) && elapsed < maxMillis);
        return String.format(Locale.ROOT, "ms=%d last_slice_compile_ms=%d settled=%b", elapsed, last, last < 20);
    }

    record Result(int threads, long ops, long errors, long nanos, long cpuNanos, long serverCpuNanos,
                  long p50, long p99, long max) {
        String line() {
            return String.format(Locale.ROOT,
                    "threads=%d ops=%d errors=%d nanos=%d cpu=%d server=%d p50=%d p99=%d max=%d",
                    threads, ops, errors, nanos, cpuNanos, serverCpuNanos, p50, p99, max);
        }
    }

    Result run(int threads, long warmupMillis, long measureMillis) throws Exception {
        try (Variant.Pool pool = variant.pool(url, user, password, threads)) {
            // Fill the pool before anything is timed: connection set-up (auth, the layers' own first-connection
            // work) is not what is measured.
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                held.add(pool.dataSource().getConnection());
            }
            ServerCpu server = ServerCpu.of(held);
            for (Connection c : held) {
                c.close();
            }
            DataSource ds = pool.dataSource();
            Worker[] workers = new Worker[threads];
            CountDownLatch started = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                workers[i] = new Worker(ds, started);
                workers[i].setName("e2e-worker-" + i);
                workers[i].start();
            }
            started.await();
            Thread.sleep(warmupMillis);
            long server0 = server.nanos();
            long cpu0 = ClientCpu.nanos();
            long t0 = System.nanoTime();
            for (Worker w : workers) {
                w.measuring = true;
            }
            Thread.sleep(measureMillis);
            for (Worker w : workers) {
                w.measuring = false;
            }
            long t1 = System.nanoTime();
            long cpu1 = ClientCpu.nanos();
            long server1 = server.nanos();
            for (Worker w : workers) {
                w.stop = true;
            }
            Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long ops = 0;
            long errors = 0;
            for (Worker w : workers) {
                w.join();
                all.add(w.histogram);
                ops += w.ops;
                errors += w.errors.get();
                if (w.firstError != null) {
                    System.err.println("e2e " + variant.id + ", " + w.getName() + ", " + w.errors.get()
                            + " errors, the first: " + w.firstError);
                }
            }
            return new Result(threads, ops, errors, t1 - t0, cpu1 - cpu0,
                    server0 < 0 || server1 < 0 ? -1 : server1 - server0,
                    all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getMaxValue());
        }
    }

    static final class Worker extends Thread {
        final DataSource ds;
        final CountDownLatch started;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final AtomicLong errors = new AtomicLong();
        volatile boolean measuring;
        volatile boolean stop;
        long ops;
        Throwable firstError;

        Worker(DataSource ds, CountDownLatch started) {
            this.ds = ds;
            this.started = started;
            setDaemon(true);
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            started.countDown();
            while (!stop) {
                int kind = random.nextInt(4);
                int aid = 1 + random.nextInt(ACCOUNTS);
                int delta = random.nextInt(-5000, 5001);
                long start = System.nanoTime();
                try {
                    op(kind, aid, delta);
                } catch (SQLException | RuntimeException e) {
                    if (firstError == null) {
                        firstError = e;
                    }
                    errors.incrementAndGet();
                    continue;
                }
                long elapsed = System.nanoTime() - start;
                if (measuring) {
                    histogram.recordValue(Math.min(elapsed, histogram.getHighestTrackableValue()));
                    ops++;
                }
            }
        }

        private void op(int kind, int aid, int delta) throws SQLException {
            try (Connection c = ds.getConnection()) {
                switch (kind) {
                    case 0, 1 -> {
                        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                            ps.setInt(1, aid);
                            try (ResultSet rs = ps.executeQuery()) {
                                if (!rs.next()) {
                                    throw new SQLException("no account " + aid);
                                }
                                rs.getInt(1);
                            }
                        }
                    }
                    case 2 -> {
                        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                            ps.setInt(1, delta);
                            ps.setInt(2, aid);
                            ps.executeUpdate();
                        }
                    }
                    default -> {
                        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                            ps.setInt(1, aid);
                            ps.setInt(2, delta);
                            ps.executeUpdate();
                        }
                    }
                }
            }
        }
    }
}
