package io.pgsafe.cli.rehearse;

import io.pgsafe.core.model.LockMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls {@code pg_locks} for the migration backend's pid on a connection of its own, every few milliseconds, and
 * attributes what it sees to the statement running at the time (set by the runner). It sees what the statement's
 * own session cannot: locks it waits for (ungranted rows, PG14+ {@code waitstart}), locks of autocommit statements
 * that are released before the statement returns, and the sessions queued behind the migration.
 */
final class LockSampler implements Runnable {

    /** What the sampler saw on one relation while one statement ran. */
    static final class Seen {
        final long oid;
        String name;
        String relkind;
        LockMode strongestGranted = LockMode.NONE;
        long firstGrantedNanos = -1;
        long lastGrantedNanos = -1;
        LockMode waitedFor = LockMode.NONE;
        double maxWaitMs;
        long lastWaitingNanos = -1;
        /** When the sample before the first sighting of {@link #strongestGranted} was sent: the lock was not held yet. */
        long notHeldAtNanos = -1;

        Seen(long oid) {
            this.oid = oid;
        }
    }

    /** Per statement index: per relation oid. */
    private final Map<Integer, Map<Long, Seen>> seen = new HashMap<>();
    private final Map<Integer, Integer> peakQueued = new HashMap<>();
    private final Map<Integer, Long> previousSampleSent = new HashMap<>();
    private final Connection connection;
    /** The backend of the connection running the current statement (a tool such as Flyway may use several). */
    private volatile int pid;
    private final long intervalNanos;
    private final boolean hasWaitStart;
    private final AtomicInteger current = new AtomicInteger(-1);
    private volatile boolean running = true;
    private volatile String failure;
    private int samples;
    private long lastSampleNanos = -1;
    private long maxGapNanos;

    LockSampler(Connection connection, long intervalNanos, int serverVersionNum) {
        this.connection = connection;
        this.intervalNanos = intervalNanos;
        this.hasWaitStart = serverVersionNum >= 140000;
    }

    void statementStarted(int index, int backendPid) {
        pid = backendPid;
        current.set(index);
    }

    void statementEnded() {
        current.set(-1);
    }

    void stop() {
        running = false;
    }

    String failure() {
        return failure;
    }

    synchronized int samples() {
        return samples;
    }

    /** The longest time between two samples while statements ran: the precision of the windows. */
    synchronized double maxGapMs() {
        return maxGapNanos / 1e6;
    }

    synchronized Map<Long, Seen> seenDuring(int index) {
        return new HashMap<>(seen.getOrDefault(index, Map.of()));
    }

    synchronized int peakQueuedDuring(int index) {
        return peakQueued.getOrDefault(index, 0);
    }

    @Override
    public void run() {
        String sql = "select l.relation::bigint, l.mode, l.granted, c.relname, n.nspname, c.relkind, "
                + (hasWaitStart ? "extract(epoch from clock_timestamp() - l.waitstart) * 1000" : "null::float8")
                + ", (select count(*) from pg_stat_activity a where a.pid <> l.pid and ? = any(pg_blocking_pids(a.pid)))"
                + " from pg_locks l left join pg_class c on c.oid = l.relation"
                + " left join pg_namespace n on n.oid = c.relnamespace"
                + " where l.pid = ? and l.locktype = 'relation' and l.database = (select oid from pg_database where datname = current_database())";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            while (running) {
                long started = System.nanoTime();
                int index = current.get();
                if (index >= 0) {
                    query.setInt(1, pid);
                    query.setInt(2, pid);
                    sample(query, index, started);
                    synchronized (this) {
                        if (lastSampleNanos > 0) {
                            maxGapNanos = Math.max(maxGapNanos, started - lastSampleNanos);
                        }
                        lastSampleNanos = started;
                    }
                } else {
                    synchronized (this) {
                        lastSampleNanos = -1;
                    }
                }
                long sleep = intervalNanos - (System.nanoTime() - started);
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (SQLException e) {
            failure = "the pg_locks sampler stopped: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(PreparedStatement query, int index, long sent) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            long now = System.nanoTime();
            if (current.get() != index) {
                return; // the statement ended while the sample was taken: attribute nothing
            }
            synchronized (this) {
                samples++;
                Map<Long, Seen> byRelation = seen.computeIfAbsent(index, k -> new HashMap<>());
                int queued = 0;
                while (rows.next()) {
                    long oid = rows.getLong(1);
                    String mode = rows.getString(2);
                    boolean granted = rows.getBoolean(3);
                    String relname = rows.getString(4);
                    String schema = rows.getString(5);
                    if ("pg_catalog".equals(schema) || "information_schema".equals(schema)) {
                        continue;
                    }
                    queued = Math.max(queued, rows.getInt(8));
                    LockMode lock;
                    try {
                        lock = LockMode.fromPgLocksName(mode);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    Seen s = byRelation.computeIfAbsent(oid, Seen::new);
                    if (relname != null) {
                        s.name = schema + "." + relname;
                        s.relkind = rows.getString(6);
                    }
                    if (granted) {
                        if (lock.compareTo(s.strongestGranted) > 0) {
                            s.strongestGranted = lock;
                            s.firstGrantedNanos = now;
                            s.notHeldAtNanos = previousSampleSent.getOrDefault(index, -1L);
                        }
                        s.lastGrantedNanos = now;
                    } else {
                        s.waitedFor = LockMode.stronger(s.waitedFor, lock);
                        s.lastWaitingNanos = now;
                        double waited = rows.getDouble(7);
                        if (!rows.wasNull()) {
                            s.maxWaitMs = Math.max(s.maxWaitMs, waited);
                        }
                    }
                }
                peakQueued.merge(index, queued, Math::max);
                previousSampleSent.put(index, sent);
            }
        }
    }
}
