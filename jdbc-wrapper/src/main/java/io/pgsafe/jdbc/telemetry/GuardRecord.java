package io.pgsafe.jdbc.telemetry;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.jdbc.monitor.Blocker;
import io.pgsafe.jdbc.monitor.LockObservation;
import io.pgsafe.jdbc.monitor.Progress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What pgsafe did with one guarded, rewritten or blocked DDL statement (or one step of a rewrite), collected while
 * it runs and reported when it ends: span attributes and events (DESIGN section 5), meters and log lines. Holds
 * no literal value: the query text is {@link SqlSanitizer sanitized}, blockers' queries too.
 */
public final class GuardRecord {
    private final SessionTelemetry session;
    private final SpanSink sink;
    private final Meters meters;
    private final boolean step;
    final String summary;
    final String table;
    private final String queryText;
    private final String action;
    private final List<String> ruleIds;
    final LockMode lock;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private long lockTimeoutMs = -1;
    private long statementTimeoutMs = -1;
    private boolean monitored;
    private long waitMs;
    private final Set<Integer> blockingPids = new LinkedHashSet<>();
    private final List<Blocker> blockers = new ArrayList<>();
    private int queued;
    private int retries;
    private long heldMs = -1;
    private String sqlState;
    private String statusMessage;
    private boolean ended;

    GuardRecord(SessionTelemetry session, SpanSink sink, Meters meters, boolean step, String summary, String table,
                String sql, String action, List<String> ruleIds, LockMode lock) {
        this.session = session;
        this.sink = sink;
        this.meters = meters;
        this.step = step;
        this.summary = summary;
        this.table = table;
        this.queryText = SqlSanitizer.strip(sql);
        this.action = action;
        this.ruleIds = List.copyOf(ruleIds);
        this.lock = lock;
    }

    /** Makes the span current while the statement runs; close the result. Never null. */
    public Scope makeCurrent() {
        return sink.makeCurrent();
    }

    /** Starts the lock monitor's watch for one attempt of this statement. */
    public io.pgsafe.jdbc.monitor.LockMonitor.Watch watch(io.pgsafe.core.model.ParsedStatement parsed) {
        return session == null ? io.pgsafe.jdbc.monitor.LockMonitor.Watch.NONE : session.watch(this, parsed);
    }

    public void timeouts(long lockMillis, long statementMillis) {
        this.lockTimeoutMs = lockMillis;
        this.statementTimeoutMs = statementMillis;
    }

    /** A child record (and span) for step {@code index} (0-based) of a rewrite. */
    public GuardRecord step(int index, int count, String stepSummary, String sql, LockMode stepLock, String purpose) {
        GuardRecord child = new GuardRecord(session, sink.child(stepSummary), meters, true, stepSummary, table, sql,
                action, ruleIds, stepLock);
        child.extra.put("pgsafe.rewrite.step", (index + 1) + " of " + count);
        child.extra.put("pgsafe.rewrite.purpose", purpose);
        return child;
    }

    /** Adds what the lock monitor saw during one attempt. */
    public void observed(LockObservation o) {
        if (!o.monitored()) {
            return;
        }
        monitored = true;
        waitMs += o.waitMillis();
        blockingPids.addAll(o.blockingPids());
        for (Blocker b : o.blockers()) {
            if (blockers.stream().noneMatch(x -> x.pid() == b.pid())) {
                blockers.add(b);
            }
        }
        queued = Math.max(queued, o.queuedSessions());
    }

    /** A retry after lock_timeout: a {@code pgsafe.retry} event and the retries counter. */
    public void retry(int attempt, long pauseMillis, LockObservation o) {
        retries = attempt;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("pgsafe.retry.attempt", (long) attempt);
        attributes.put("pgsafe.retry.backoff_ms", pauseMillis);
        attributes.put("db.response.status_code", "55P03");
        if (o.monitored()) {
            attributes.put("pgsafe.lock.wait_ms", o.waitMillis());
            attributes.put("pgsafe.lock.blocking_pids", List.copyOf(o.blockingPids()));
        }
        sink.event("pgsafe.retry", attributes);
        meters.retry(action);
    }

    /** The statement got its lock (it succeeded): a {@code pgsafe.lock.acquired} event. */
    public void acquired(LockObservation o) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("pgsafe.lock.mode", lock == null ? "" : lock.sqlName());
        if (o.monitored()) {
            attributes.put("pgsafe.lock.wait_ms", o.waitMillis());
        }
        sink.event("pgsafe.lock.acquired", attributes);
    }

    /** A progress row of long work: a {@code pgsafe.progress} event and an INFO line. */
    public void progress(Progress p) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("pgsafe.progress.phase", p.phase());
        attributes.put("pgsafe.progress.blocks_done", p.blocksDone());
        attributes.put("pgsafe.progress.blocks_total", p.blocksTotal());
        attributes.put("pgsafe.progress.tuples_done", p.tuplesDone());
        attributes.put("pgsafe.progress.tuples_total", p.tuplesTotal());
        sink.event("pgsafe.progress", attributes);
        SessionTelemetry.LOG.info("pgsafe progress of {}: {}", summary, p);
    }

    public void failed(SQLException e) {
        sqlState = e.getSQLState() == null ? "unknown" : e.getSQLState();
        statusMessage = "SQLSTATE " + sqlState;
    }

    /** A blocked statement: error status with its rule ids. */
    public void blocked() {
        sqlState = "PGS01";
        statusMessage = "pgsafe blocked " + String.join(",", ruleIds);
    }

    // failed(), statusMessage() and attributes() are public for OtelSink only: under the agent it may be defined in
    // a loader of its own (ApplicationOpenTelemetry), outside this package's runtime package. Not an API.

    public boolean failed() {
        return sqlState != null;
    }

    public String statusMessage() {
        return statusMessage;
    }

    /** Ends the record: at once, or — a SHARE-or-stronger lock taken inside a transaction — when it ends. */
    public void end(boolean inTransaction) {
        if (ended) {
            return;
        }
        ended = true;
        Instant now = Instant.now();
        long endEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        if (!failed() && inTransaction && lock != null && lock.isAtLeast(LockMode.SHARE) && session != null) {
            session.hold(this, endEpochNanos);
        } else {
            finish(endEpochNanos);
        }
    }

    /** The lock was held {@code millis} after the statement, until the transaction ended. */
    void held(long millis) {
        heldMs = millis;
    }

    void event(String name, Map<String, Object> attributes) {
        sink.event(name, attributes);
    }

    void finish(long endEpochNanos) {
        if (!step) {
            meters.statement(action, ruleIds);
        }
        if (monitored) {
            meters.lockWait(waitMs);
            meters.queued(queued);
        }
        for (Blocker b : blockers) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("pgsafe.blocker.pid", (long) b.pid());
            attributes.put("pgsafe.blocker.application_name", b.applicationName());
            attributes.put("pgsafe.blocker.state", b.state());
            attributes.put("pgsafe.blocker.query", b.query());
            sink.event("pgsafe.lock.blocker", attributes);
        }
        sink.end(this, endEpochNanos);
    }

    public long waitMillis() {
        return waitMs;
    }

    public List<Blocker> blockers() {
        return List.copyOf(blockers);
    }

    /** The span's attributes (DESIGN section 5). */
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("db.system.name", "postgresql");
        if (session != null) {
            session.connectionAttributes(a);
        }
        a.put("db.query.text", queryText);
        a.put("db.query.summary", summary);
        if (table != null) {
            a.put("db.collection.name", table);
        }
        if (sqlState != null) {
            a.put("db.response.status_code", sqlState);
            a.put("error.type", sqlState);
        }
        a.put("pgsafe.action", action);
        if (!ruleIds.isEmpty()) {
            a.put("pgsafe.rule.ids", ruleIds);
        }
        if (lock != null && lock != LockMode.NONE) {
            a.put("pgsafe.lock.mode", lock.sqlName());
        }
        if (monitored) {
            a.put("pgsafe.lock.wait_ms", waitMs);
            if (!blockingPids.isEmpty()) {
                a.put("pgsafe.lock.blocking_pids", List.copyOf(blockingPids));
            }
            a.put("pgsafe.lock.queued_sessions", (long) queued);
        }
        if (heldMs >= 0) {
            a.put("pgsafe.lock.held_ms", heldMs);
        }
        a.put("pgsafe.retries", (long) retries);
        if (lockTimeoutMs >= 0) {
            a.put("pgsafe.timeout.lock_ms", lockTimeoutMs);
        }
        if (statementTimeoutMs >= 0) {
            a.put("pgsafe.timeout.statement_ms", statementTimeoutMs);
        }
        a.put("pgsafe.delivery", session == null ? "agent" : session.delivery());
        a.putAll(extra);
        return a;
    }
}
