package io.pgsafe.jdbc;

import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.RuleAction;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.jdbc.monitor.Blocker;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.jdbc.monitor.LockObservation;
import io.pgsafe.jdbc.telemetry.GuardRecord;
import io.pgsafe.jdbc.telemetry.Scope;
import io.pgsafe.jdbc.telemetry.SessionTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Carries a {@link Decision} out on a real connection; shared by the wrapper and the agent.
 * <ul>
 * <li>Allow: the call, untouched.</li>
 * <li>Guard: the call under {@link SessionTimeouts} chosen by the lock; retried on {@code 55P03} (lock_timeout
 * only) with exponential backoff and jitter, inside a transaction under a savepoint so the transaction
 * survives.</li>
 * <li>Rewrite: the plan's steps one by one, each under its own timeouts; a failure says which step, what state
 * the table is in, and drops an INVALID index a failed concurrent build left.</li>
 * <li>Block: {@link UnsafeStatementException}; nothing is sent.</li>
 * </ul>
 * Thread-safe and stateless apart from a savepoint counter.
 */
public final class DecisionExecutor {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Map<String, RuleAction> DEFAULT_ACTIONS = RuleCatalog.all().stream()
            .collect(Collectors.toUnmodifiableMap(r -> r.info().id(), r -> r.info().defaultAction(), (a, b) -> a));
    private static final AtomicLong SAVEPOINTS = new AtomicLong();

    private final PgSafeConfig config;

    public DecisionExecutor(PgSafeConfig config) {
        this.config = config;
    }

    public PgSafeConfig config() {
        return config;
    }

    /**
     * @param session         the connection to send pgsafe's own statements on (SET, SAVEPOINT, catalog), the
     *                        same session {@code call} sends on, never the application's wrapper
     * @param inTransaction   whether a transaction block is open (or will be, autocommit off)
     * @param sql             the statement text, as the application wrote it
     * @param resultOfRewrite what the call returns when a rewrite ran in its place
     */
    public <T> T execute(Connection session, boolean inTransaction, String sql, Decision decision, SqlCall<T> call,
                         T resultOfRewrite) throws SQLException {
        return execute(session, inTransaction, sql, decision, call, resultOfRewrite, null);
    }

    /**
     * As {@link #execute(Connection, boolean, String, Decision, SqlCall, Object)}, reporting through the
     * connection's telemetry (span, lock monitor, meters, held locks; docs/telemetry.md). With {@code telemetry}
     * null (the agent's path until it keeps one per connection) the statement still gets its span and meters,
     * with {@code pgsafe.delivery=agent}, no lock monitor, and no held-lock report.
     */
    public <T> T execute(Connection session, boolean inTransaction, String sql, Decision decision, SqlCall<T> call,
                         T resultOfRewrite, SessionTelemetry telemetry) throws SQLException {
        if (decision instanceof Decision.Allow) {
            return call.run(sql);
        }
        boolean tracked = telemetry != null;
        SessionTelemetry tel = tracked ? telemetry : SessionTelemetry.create(session, config, "agent", null);
        GuardRecord record = tel.start(decision, sql);
        if (decision instanceof Decision.Block block) {
            // The message may quote the statement (its fix): never with the statement's literal values.
            String message = io.pgsafe.jdbc.telemetry.SqlSanitizer.withoutLiteralsOf(block.message(), sql);
            PgSafeLog.LOG.warn("{}", message);
            record.blocked();
            record.end(false);
            throw new UnsafeStatementException(message);
        }
        if (decision instanceof Decision.Guard guard) {
            logGuard(guard, sql);
            SessionTimeouts timeouts = SessionTimeouts.forLock(config, guard.lock(), guard.longRunning());
            record.timeouts(timeouts.lockMillis(), timeouts.statementMillis());
            try (Scope scope = record.makeCurrent()) {
                return guarded(session, inTransaction, sql, timeouts, call, guard.statement(), record);
            } catch (SQLException e) {
                record.failed(e);
                throw e;
            } finally {
                record.end(inTransaction && tracked);
            }
        }
        Decision.Rewrite rewrite = (Decision.Rewrite) decision;
        try (Scope scope = record.makeCurrent()) {
            if (inTransaction && !rewrite.transactional()) {
                throw new SQLException("pgsafe cannot rewrite " + rewrite.statement().summary() + " inside a "
                        + "transaction block: its safe form (" + io.pgsafe.jdbc.telemetry.SqlSanitizer.strip(steps(rewrite.steps()))
                        + ") cannot run in one; the "
                        + "statement was not sent. Run it outside a transaction.", UnsafeStatementException.SQLSTATE);
            }
            PgSafeLog.LOG.info("pgsafe rewrote {} ({}) into {} step(s): {}", rewrite.statement().summary(),
                    ruleIds(rewrite.findings()), rewrite.steps().size(), rewrite.steps().stream()
                    .map(step -> io.pgsafe.jdbc.telemetry.SqlSanitizer.strip(step.sql())).collect(Collectors.joining("; ")));
            runSteps(session, inTransaction && tracked, rewrite, record, inTransaction);
            return resultOfRewrite;
        } catch (SQLException e) {
            record.failed(e);
            throw e;
        } finally {
            record.end(false);
        }
    }

    void logGuard(Decision.Guard guard) {
        logGuard(guard, null);
    }

    /** @param sql the statement, whose literal values are kept out of the log line (null: none known) */
    void logGuard(Decision.Guard guard, String sql) {
        for (Finding f : guard.warnings()) {
            PgSafeLog.LOG.warn("pgsafe warned: {} on {}: {}. Fix: {} (ran anyway; {})", f.ruleId(), f.tableName(),
                    io.pgsafe.jdbc.telemetry.SqlSanitizer.withoutLiteralsOf(f.message(), sql),
                    io.pgsafe.jdbc.telemetry.SqlSanitizer.withoutLiteralsOf(f.fix(), sql), whatEnforceWouldDo(f));
        }
        for (Decision.AllowedFinding allowed : guard.allowed()) {
            PgSafeLog.LOG.info("pgsafe allowed-by-comment: {} on {}: {}", allowed.finding().ruleId(),
                    allowed.finding().tableName(), allowed.reason());
        }
        if (guard.warnings().isEmpty() && guard.allowed().isEmpty() && PgSafeLog.LOG.isDebugEnabled()) {
            PgSafeLog.LOG.debug("pgsafe guarded {} ({} lock)", guard.statement().summary(), guard.lock());
        }
    }

    /** In warn mode, what {@code pgsafe.mode=enforce} would have done with the finding, from the rule's action. */
    private String whatEnforceWouldDo(Finding finding) {
        if (config.mode() != Mode.WARN) {
            return "the rule's action is warn";
        }
        RuleAction action = config.ruleAction(finding.ruleId()).orElse(DEFAULT_ACTIONS.getOrDefault(finding.ruleId(),
                RuleAction.BLOCK));
        if (action == RuleAction.WARN) {
            return "pgsafe.mode=enforce would have warned too";
        }
        if (action == RuleAction.REWRITE && finding.rewrite() != null && config.rewrite()) {
            return "pgsafe.mode=enforce would have rewritten it"
                    + (finding.rewrite().replacement() == null ? "" : " to " + finding.rewrite().replacement());
        }
        return "pgsafe.mode=enforce would have blocked it";
    }

    /** Runs the call under the timeouts, with retries on lock_timeout, and restores the session's values. */
    <T> T guarded(Connection session, boolean inTransaction, String sql, SessionTimeouts timeouts, SqlCall<T> call,
                  ParsedStatement parsed) throws SQLException {
        return guarded(session, inTransaction, sql, timeouts, call, parsed, null);
    }

    /** As above; {@code record} (nullable) gets what the lock monitor saw in each attempt, and the retries. */
    <T> T guarded(Connection session, boolean inTransaction, String sql, SessionTimeouts timeouts, SqlCall<T> call,
                  ParsedStatement parsed, GuardRecord record) throws SQLException {
        SessionTimeouts.Previous previous = timeouts.apply(session, inTransaction);
        SQLException failure = null;
        try {
            for (int attempt = 0; ; attempt++) {
                String savepoint = inTransaction ? "pgsafe_" + SAVEPOINTS.incrementAndGet() : null;
                if (savepoint != null) {
                    own(session, "SAVEPOINT " + savepoint);
                }
                LockMonitor.Watch watch = record == null ? LockMonitor.Watch.NONE : record.watch(parsed);
                LockObservation seen = LockObservation.NONE;
                try {
                    T result;
                    try {
                        result = call.run(sql);
                    } finally {
                        seen = watch.stop();
                        if (record != null) {
                            record.observed(seen);
                        }
                    }
                    if (record != null) {
                        record.acquired(seen);
                    }
                    if (savepoint != null) {
                        own(session, "RELEASE SAVEPOINT " + savepoint);
                    }
                    return result;
                } catch (SQLException e) {
                    if (savepoint != null) {
                        // Undo only the failed statement: the application's transaction stays usable, as with
                        // pgjdbc's autosave, and the settings restore below can still run.
                        try {
                            own(session, "ROLLBACK TO SAVEPOINT " + savepoint);
                            own(session, "RELEASE SAVEPOINT " + savepoint);
                        } catch (SQLException rollbackFailure) {
                            e.addSuppressed(rollbackFailure);
                            throw e;
                        }
                    } else {
                        InvalidIndexes.dropLeftBy(session, parsed, e);
                    }
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || attempt >= config.lockTimeoutRetries()) {
                        throw e;
                    }
                    long pause = backoffMillis(attempt);
                    PgSafeLog.LOG.info("pgsafe retry {} of {} for {} after lock_timeout ({} ms), in {} ms{}",
                            attempt + 1, config.lockTimeoutRetries(), parsed == null ? "statement" : parsed.summary(),
                            timeouts.lockMillis(), pause, blockedBy(seen));
                    if (record != null) {
                        record.retry(attempt + 1, pause, seen);
                    }
                    sleep(pause);
                }
            }
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            try {
                SessionTimeouts.restore(session, previous);
            } catch (SQLException restoreFailure) {
                if (failure != null) {
                    failure.addSuppressed(restoreFailure);
                } else {
                    throw restoreFailure;
                }
            }
        }
    }

    /** Exponential from {@code pgsafe.retry-backoff}, with "equal jitter": between half and all of it. */
    long backoffMillis(int attempt) {
        long base = config.retryBackoff().toMillis() << Math.min(attempt, 20);
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private void runSteps(Connection session, boolean holdReported, Decision.Rewrite rewrite, GuardRecord record,
                          boolean inTransaction) throws SQLException {
        List<PlanStep> steps = rewrite.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlanStep step = steps.get(i);
            SessionTimeouts timeouts = SessionTimeouts.forLock(config, step.lock(), step.longRunning());
            ParsedStatement parsed = io.pgsafe.core.parse.DdlParser.parse(step.sql());
            GuardRecord child = record.step(i, steps.size(), parsed == null ? "step " + (i + 1) : parsed.summary(),
                    step.sql(), step.lock(), step.purpose());
            child.timeouts(timeouts.lockMillis(), timeouts.statementMillis());
            try (Scope scope = child.makeCurrent()) {
                guarded(session, inTransaction, step.sql(), timeouts, sql -> {
                    try (Statement statement = session.createStatement()) {
                        return statement.execute(sql);
                    }
                }, parsed, child);
            } catch (SQLException e) {
                child.failed(e);
                throw stepFailed(session, rewrite, i, e);
            } finally {
                child.end(holdReported);
            }
        }
    }

    private static String blockedBy(LockObservation seen) {
        if (!seen.monitored() || seen.blockingPids().isEmpty()) {
            return "";
        }
        if (seen.blockers().isEmpty()) {
            return "; blocked by pid(s) " + seen.blockingPids();
        }
        return "; blocked by " + seen.blockers().stream().map(Blocker::toString).collect(Collectors.joining(", "));
    }

    private SQLException stepFailed(Connection session, Decision.Rewrite rewrite, int index, SQLException cause) {
        List<PlanStep> steps = rewrite.steps();
        PlanStep step = steps.get(index);
        StringBuilder message = new StringBuilder("pgsafe rewrite of ").append(rewrite.statement().summary())
                .append(" failed at step ").append(index + 1).append(" of ").append(steps.size()).append(" (")
                .append(step.purpose()).append("): ").append(io.pgsafe.jdbc.telemetry.SqlSanitizer.strip(step.sql()))
                .append(": ").append(stripPeriod(cause.getMessage()))
                .append(". State: ");
        if (index == 0) {
            message.append("no step had completed, ").append(rewrite.table() == null ? "the schema"
                    : rewrite.table().toString()).append(" is as it was");
        } else {
            message.append("steps 1 to ").append(index).append(" completed (").append(steps.subList(0, index)
                    .stream().map(PlanStep::purpose).collect(Collectors.joining("; "))).append(")");
        }
        String dropped = InvalidIndexes.lastDropped(cause);
        if (dropped != null) {
            message.append("; the INVALID index the failed build left was dropped: ").append(dropped);
        } else if (step.cleanup() != null && !InvalidIndexes.isDuplicate(cause)
                && !(io.pgsafe.core.parse.DdlParser.parse(step.sql()) instanceof ParsedStatement.CreateIndex)) {
            try (Statement statement = session.createStatement()) {
                statement.execute(step.cleanup());
                message.append("; cleaned up with ").append(step.cleanup());
            } catch (SQLException cleanupFailure) {
                message.append("; the cleanup ").append(step.cleanup()).append(" failed too (")
                        .append(cleanupFailure.getMessage()).append("): run it by hand");
                cause.addSuppressed(cleanupFailure);
            }
        }
        if (index + 1 < steps.size()) {
            message.append(". Not run: ").append(steps.subList(index + 1, steps.size()).stream().map(PlanStep::sql)
                    .map(io.pgsafe.jdbc.telemetry.SqlSanitizer::strip).collect(Collectors.joining("; ")));
        }
        return new SQLException(message.toString(), cause.getSQLState(), cause);
    }

    private static String stripPeriod(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static void own(Connection session, String sql) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry after lock_timeout", LOCK_NOT_AVAILABLE, e);
        }
    }

    private static String ruleIds(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).distinct().collect(Collectors.joining(","));
    }

    private static String steps(List<PlanStep> steps) {
        return steps.stream().map(PlanStep::sql).collect(Collectors.joining("; "));
    }
}
