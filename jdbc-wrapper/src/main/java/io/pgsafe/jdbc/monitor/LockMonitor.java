package io.pgsafe.jdbc.monitor;

import io.pgsafe.jdbc.telemetry.SqlSanitizer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one application connection's backend while guarded DDL runs, from a second connection of its own
 * (opened lazily, the first time a guarded statement runs; closed with the guarded connection).
 *
 * <p>Each sample is one round trip: whether the backend waits on a lock ({@code pg_stat_activity.wait_event_type
 * = 'Lock'}), since when ({@code pg_locks.waitstart}, PostgreSQL 14+, so the wait is measured by the server's
 * clock, not by sampling), who blocks it ({@code pg_blocking_pids}) and how many sessions queue behind it (sessions
 * whose {@code pg_blocking_pids} include its pid). New blockers cost one more round trip for their
 * {@code application_name}, state and query (literals removed). Long work (CREATE INDEX, REINDEX, CLUSTER) also
 * reads its progress view every few seconds.
 *
 * <p>All monitors share one daemon thread ({@code pgsafe-lock-monitor}); nothing runs between guarded statements.
 * Without its connection or the rights it needs, a monitor degrades to nothing (the span and meters keep the
 * statement's duration) and says so once per JVM.
 */
public final class LockMonitor implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("io.pgsafe");
    /** The application_name of the monitor's own connection. */
    public static final String APPLICATION_NAME = "pgsafe-lock-monitor";
    /** System property (not a pgsafe.* setting): milliseconds between progress reports, 5000 by default. */
    public static final String PROGRESS_INTERVAL_PROPERTY = "io.pgsafe.progress-interval-ms";
    private static final AtomicBoolean SAID_DEGRADED = new AtomicBoolean();
    private static final ScheduledExecutorService SAMPLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pgsafe-lock-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private static final int QUERY_MAX = 200;

    private final MonitorConnectionFactory factory;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private PreparedStatement sample;
    private boolean unavailable;
    private boolean closed;

    private LockMonitor(MonitorConnectionFactory factory, Duration interval) {
        this.factory = factory;
        this.intervalNanos = interval.toNanos();
        this.unavailable = factory == null || intervalNanos <= 0;
    }

    /**
     * @param factory  how to open the monitor's connection; null when there is none (the monitor then reports
     *                 nothing and says so once)
     * @param interval {@code pgsafe.monitor.interval}; zero disables sampling
     */
    public static LockMonitor create(MonitorConnectionFactory factory, Duration interval) {
        if (factory == null) {
            degraded("no way to open a second connection (a DataSource pgsafe cannot read a URL and credentials from)",
                    null);
        }
        return new LockMonitor(factory, interval);
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /**
     * Starts sampling {@code pid}; {@link Watch#stop()} ends it.
     *
     * @param progressView {@code pg_stat_progress_create_index}, {@code pg_stat_progress_cluster} or null
     * @param onProgress   called on the sampler thread with each progress row
     */
    public Watch watch(int pid, String progressView, Consumer<Progress> onProgress) {
        lock.lock();
        try {
            if (unavailable || closed || pid <= 0 || !open()) {
                return Watch.NONE;
            }
        } finally {
            lock.unlock();
        }
        Watch watch = new Watch(this, pid, progressView, onProgress);
        watch.future = SAMPLER.scheduleAtFixedRate(watch::sample, 0, intervalNanos, TimeUnit.NANOSECONDS);
        return watch;
    }

    /** Whether the monitor can report (it has, or may still open, its connection). */
    public boolean available() {
        return !unavailable;
    }

    private boolean open() {
        if (connection != null) {
            return true;
        }
        try {
            connection = factory.open();
            if (connection == null) {
                throw new SQLException("the driver returned no connection");
            }
            connection.setAutoCommit(true);
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute("set application_name = '" + APPLICATION_NAME + "'");
            }
            boolean waitstart = connection.getMetaData().getDatabaseMajorVersion() >= 14;
            sample = connection.prepareStatement("select coalesce(a.wait_event_type = 'Lock', false), "
                    + (waitstart ? "(select extract(epoch from clock_timestamp() - min(l.waitstart)) * 1000 "
                    + "from pg_locks l where l.pid = a.pid and not l.granted)" : "null::float8")
                    // pg_blocking_pids() briefly takes the lock manager's partition locks: call it only for the
                    // DDL's backend and for sessions that are themselves waiting on a lock, never for every backend.
                    + ", pg_blocking_pids(a.pid), (select count(*) from pg_stat_activity w where w.pid <> a.pid "
                    + "and case when w.wait_event_type = 'Lock' then a.pid = any(pg_blocking_pids(w.pid)) "
                    + "else false end) from pg_stat_activity a where a.pid = ?");
            return true;
        } catch (SQLException | RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** Called with the lock held: closes the connection and reports durations only from now on. */
    private void fail(Exception e) {
        unavailable = true;
        closeConnection();
        degraded("its connection or query failed: " + describe(e), e);
    }

    private static void degraded(String why, Exception e) {
        if (SAID_DEGRADED.compareAndSet(false, true)) {
            LOG.warn("pgsafe lock monitor unavailable ({}); lock waits, blockers and queues are not reported, spans "
                    + "and meters carry durations only (logged once)", why);
        }
    }

    /** Tests only: the next degradation is logged again. */
    static void resetNoticeForTests() {
        SAID_DEGRADED.set(false);
    }

    private static String describe(Exception e) {
        if (e.getMessage() != null && e.getMessage().startsWith("pgsafe ")) {
            return e.getMessage(); // pgsafe's own explanation, which holds no URL or credential
        }
        if (e instanceof SQLException sql) {
            return "SQLSTATE " + sql.getSQLState() + ", " + e.getClass().getSimpleName();
        }
        return e.getClass().getSimpleName();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing the monitor's own connection; nothing to report
            }
            connection = null;
            sample = null;
        }
    }

    /** Closes the monitor's connection; called when the guarded connection closes. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    /** One statement's sampling. */
    public static final class Watch {
        /** A watch that saw nothing (monitor off or unavailable). */
        public static final Watch NONE = new Watch(null, 0, null, null);

        private final LockMonitor monitor;
        private final int pid;
        private final String progressView;
        private final Consumer<Progress> onProgress;
        private final long progressEvery;
        private volatile boolean stopped;
        private ScheduledFuture<?> future;
        private boolean sampled;
        private boolean failed;
        private boolean waiting;
        private long segmentStart;
        private long lastWaitingAt;
        private long lastNotWaitingAt;
        private long totalWait;
        private long nextProgressAt;
        private int queuedPeak;
        private final Set<Integer> pids = new LinkedHashSet<>();
        private final List<Blocker> blockers = new ArrayList<>();

        private Watch(LockMonitor monitor, int pid, String progressView, Consumer<Progress> onProgress) {
            this.monitor = monitor;
            this.pid = pid;
            this.progressView = progressView;
            this.onProgress = onProgress;
            this.lastNotWaitingAt = System.nanoTime();
            this.progressEvery = TimeUnit.MILLISECONDS.toNanos(Long.getLong(PROGRESS_INTERVAL_PROPERTY, 5_000L));
            this.nextProgressAt = lastNotWaitingAt + progressEvery;
        }

        private void sample() {
            // Runs on the shared sampler thread: a failure degrades this monitor, never the application.
            if (stopped) {
                return;
            }
            monitor.lock.lock();
            try {
                if (stopped || monitor.closed || monitor.sample == null) {
                    return;
                }
                sampleOnce();
            } catch (SQLException | RuntimeException e) {
                failed = true;
                future.cancel(false);
                monitor.fail(e);
            } finally {
                monitor.lock.unlock();
            }
        }

        private void sampleOnce() throws SQLException {
            long sent = System.nanoTime();
            boolean isWaiting;
            double waitedMillis;
            List<Integer> newPids = new ArrayList<>(0);
            int queued;
            monitor.sample.setInt(1, pid);
            try (ResultSet rs = monitor.sample.executeQuery()) {
                long at = sent + (System.nanoTime() - sent) / 2;
                if (!rs.next()) {
                    return;
                }
                isWaiting = rs.getBoolean(1);
                waitedMillis = rs.getDouble(2);
                if (rs.wasNull()) {
                    waitedMillis = -1;
                }
                Array array = rs.getArray(3);
                queued = rs.getInt(4);
                sampled = true;
                queuedPeak = Math.max(queuedPeak, queued);
                if (isWaiting) {
                    long start = waitedMillis >= 0 ? at - (long) (waitedMillis * 1_000_000)
                            : lastNotWaitingAt + (at - lastNotWaitingAt) / 2;
                    if (!waiting || waitedMillis >= 0) {
                        segmentStart = waiting && waitedMillis < 0 ? segmentStart : start;
                    }
                    waiting = true;
                    lastWaitingAt = at;
                    if (array != null) {
                        for (Object o : (Object[]) array.getArray()) {
                            int blocker = ((Number) o).intValue();
                            if (pids.add(blocker)) {
                                newPids.add(blocker);
                            }
                        }
                    }
                } else {
                    if (waiting) {
                        totalWait += lastWaitingAt + (at - lastWaitingAt) / 2 - segmentStart;
                        waiting = false;
                    }
                    lastNotWaitingAt = at;
                }
                if (!newPids.isEmpty()) {
                    readBlockers(newPids);
                }
                if (progressView != null && at >= nextProgressAt) {
                    nextProgressAt = at + progressEvery;
                    readProgress();
                }
            }
        }

        private void readBlockers(List<Integer> newPids) throws SQLException {
            Connection c = monitor.connection;
            try (PreparedStatement ps = c.prepareStatement("select pid, coalesce(application_name, ''), "
                    + "coalesce(state, ''), coalesce(query, '') from pg_stat_activity where pid = any(?)")) {
                ps.setArray(1, c.createArrayOf("int4", newPids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        blockers.add(new Blocker(rs.getInt(1), rs.getString(2), rs.getString(3),
                                SqlSanitizer.strip(rs.getString(4), QUERY_MAX)));
                    }
                }
            }
        }

        private void readProgress() throws SQLException {
            String sql = progressView.endsWith("cluster")
                    ? "select command, phase, heap_blks_scanned, heap_blks_total, heap_tuples_scanned, 0 from "
                    + "pg_stat_progress_cluster where pid = ?"
                    : "select command, phase, blocks_done, blocks_total, tuples_done, tuples_total from "
                    + "pg_stat_progress_create_index where pid = ?";
            try (PreparedStatement ps = monitor.connection.prepareStatement(sql)) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && onProgress != null) {
                        Progress progress = new Progress(rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6));
                        try {
                            onProgress.accept(progress);
                        } catch (RuntimeException e) {
                            LOG.debug("pgsafe progress report failed", e);
                        }
                    }
                }
            }
        }

        /** Ends the sampling (waiting for a sample in flight) and says what was seen. */
        public LockObservation stop() {
            if (monitor == null) {
                return LockObservation.NONE;
            }
            long end = System.nanoTime();
            stopped = true;
            future.cancel(false);
            monitor.lock.lock();
            try {
                if (waiting) {
                    // The lock came between the last waiting sample and the statement's end.
                    totalWait += lastWaitingAt + (end - lastWaitingAt) / 2 - segmentStart;
                    waiting = false;
                }
                if (!sampled) {
                    return failed ? LockObservation.NONE : new LockObservation(true, 0, List.of(), List.of(), 0);
                }
                return new LockObservation(true, Math.max(0, TimeUnit.NANOSECONDS.toMillis(totalWait)),
                        List.copyOf(pids), List.copyOf(blockers), queuedPeak);
            } finally {
                monitor.lock.unlock();
            }
        }
    }
}
