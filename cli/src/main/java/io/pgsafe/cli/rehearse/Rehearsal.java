package io.pgsafe.cli.rehearse;

import io.pgsafe.cli.rehearse.RehearsalReport.DataWrite;
import io.pgsafe.cli.rehearse.RehearsalReport.FileRollback;
import io.pgsafe.cli.rehearse.RehearsalReport.LockReport;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.jdbc.PgSafeDriver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a migration set on a rehearsal database through the pgsafe driver in {@code pgsafe.mode=warn} (every
 * statement runs as written, pgsafe's own timeouts off so lock waits show in full), while a sampler polls pg_locks
 * for the migration's backend and optional traffic sessions read and write the touched tables. pgsafe's
 * enforce-mode decision is computed for each statement separately with {@link Guard}.
 */
final class Rehearsal {

    /** Where and how to rehearse. {@code url} is a plain {@code jdbc:postgresql:} URL of the rehearsal database. */
    record Settings(String url, String user, String password, String databaseLabel, boolean copy, int traffic,
                    double maxLockWindowMs, long hotTableRows, long sampleIntervalMillis) {
    }

    static final String APPLICATION_NAME = "pgsafe-rehearse-migration";
    private static final Pattern REFERENCES = Pattern.compile("(?i)\\breferences\\s+((?:\"[^\"]+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\w$]+))?)");

    private final Settings settings;

    Rehearsal(Settings settings) {
        this.settings = settings;
    }

    /** Relation facts read before the migration ran. */
    private record Relation(String name, String relkind, long rows) {
    }

    Connection plainConnection() throws SQLException {
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("ApplicationName", "pgsafe-rehearse");
        return new org.postgresql.Driver().connect(settings.url(), props);
    }

    /** A connection through the pgsafe driver in warn mode with its timeouts off: what the migration runs on. */
    Connection migrationConnection() throws SQLException {
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("ApplicationName", APPLICATION_NAME);
        // warn: run every statement as written; timeouts 0: let waits show in full, never cut a statement short
        props.setProperty("pgsafe.mode", "warn");
        props.setProperty("pgsafe.lock-timeout", "0");
        props.setProperty("pgsafe.statement-timeout", "0");
        props.setProperty("pgsafe.concurrent-lock-timeout", "0");
        props.setProperty("pgsafe.lock-timeout-retries", "0");
        String url = "jdbc:pgsafe:" + settings.url().substring("jdbc:".length());
        return new PgSafeDriver().connect(url, props);
    }

    /**
     * What runs the migration: the files in their tool's order ({@link FolderRunner}) or Flyway's own API
     * ({@link FlywayRunner}). Either way every statement goes through the pgsafe driver and the recorder.
     */
    interface Runner {
        /** The statements known before the run: the tables they name get traffic and a row count. */
        List<MigrationSet.Step> knownSteps();

        /** Runs the migration on connections from {@link Rehearsal#migrationConnection()}; the failure, or null. */
        String run(Rehearsal rehearsal, StatementRecorder recorder) throws SQLException;

        /** The way back for each migration, known once it ran. */
        List<FileRollback> rollback();

        /** What the report should say about how the migration ran. */
        default List<String> notes() {
            return List.of();
        }
    }

    RehearsalReport run(MigrationSet set) throws SQLException {
        return run(new FolderRunner(set));
    }

    RehearsalReport run(Runner runner) throws SQLException {
        List<String> notes = new ArrayList<>();
        Traffic traffic = new Traffic();
        LockSampler sampler;
        StatementRecorder recorder;
        Map<Long, Relation> relations;
        String failure = null;
        int serverVersionNum;
        String serverVersion;
        try (Connection observer = plainConnection()) {
            try (Statement s = observer.createStatement();
                 ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int, current_setting('server_version')")) {
                rs.next();
                serverVersionNum = rs.getInt(1);
                serverVersion = rs.getString(2);
            }
            if (serverVersionNum < 140000) {
                notes.add("PostgreSQL " + serverVersion + " has no pg_locks.waitstart: lock waits are measured from the sampler's sightings only.");
            }
            List<String> touched = touchedTables(observer, runner.knownSteps());
            relations = relations(observer, touched);

            sampler = new LockSampler(observer, settings.sampleIntervalMillis() * 1_000_000L, serverVersionNum);
            recorder = new StatementRecorder(sampler, new PgVersion(serverVersionNum));
            Thread samplerThread = new Thread(sampler, "pgsafe-rehearse-sampler");
            samplerThread.setDaemon(true);
            samplerThread.start();
            if (settings.traffic() > 0) {
                List<Traffic.Target> targets = Traffic.targets(observer, touched);
                traffic.start(settings.traffic(), targets, () -> {
                    try {
                        return plainConnection();
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot open a traffic session: " + e.getMessage(), e);
                    }
                }, 5);
                Thread.sleep(200); // let the traffic settle before the first statement
            }
            try {
                failure = runner.run(this, recorder);
            } finally {
                Thread.sleep(100);
                traffic.stop();
                sampler.stop();
                samplerThread.join(5_000);
            }
            if (sampler.failure() != null) {
                notes.add(sampler.failure());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
        notes.addAll(runner.notes());
        return report(runner.rollback(), recorder, sampler, traffic, relations, serverVersion, notes, failure);
    }

    /** The existing tables the statements name (their main table and any REFERENCES target). */
    private static List<String> touchedTables(Connection connection, List<MigrationSet.Step> steps) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (MigrationSet.Step step : steps) {
            QualifiedName table = StatementLocks.tableOf(step.parsed());
            if (table != null && !(step.parsed() instanceof ParsedStatement.CreateTable)) {
                names.add(table.toSql());
            }
            Matcher references = REFERENCES.matcher(step.sql());
            while (references.find()) {
                names.add(references.group(1));
            }
        }
        List<String> existing = new ArrayList<>();
        for (String name : names) {
            try (PreparedStatement q = connection.prepareStatement(
                    "select c.oid::regclass::text from pg_class c where c.oid = to_regclass(?) and c.relkind in ('r', 'p')")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && !existing.contains(rs.getString(1))) {
                        existing.add(rs.getString(1));
                    }
                }
            }
        }
        return existing;
    }

    /** Every user relation's reltuples; count(*) for touched tables never analysed (reltuples -1, or 0). */
    private static Map<Long, Relation> relations(Connection connection, List<String> touched) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select c.oid::bigint, n.nspname || '.' || c.relname, c.relkind, c.reltuples::bigint"
                     + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                     + " where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'")) {
            while (rs.next()) {
                relations.put(rs.getLong(1), new Relation(rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        for (String table : touched) {
            try (PreparedStatement q = connection.prepareStatement("select to_regclass(?)::oid::bigint")) {
                q.setString(1, table);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    long oid = rs.getLong(1);
                    Relation r = relations.get(oid);
                    if (r != null && r.rows() <= 0) {
                        try (Statement s = connection.createStatement();
                             ResultSet count = s.executeQuery("select count(*) from " + table)) {
                            count.next();
                            relations.put(oid, new Relation(r.name(), r.relkind(), count.getLong(1)));
                        }
                    }
                }
            }
        }
        return relations;
    }

    private RehearsalReport report(List<FileRollback> rollback, StatementRecorder recorder, LockSampler sampler, Traffic traffic,
                                   Map<Long, Relation> relations, String serverVersion, List<String> notes,
                                   String failure) {
        List<StatementReport> statements = new ArrayList<>();
        List<DataWrite> writes = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        List<StatementRecorder.Run> runs = recorder.runs();
        Map<Long, StatementRecorder.OwnRelation> ownRelations = recorder.ownRelations();
        for (StatementRecorder.Run run : runs) {
            if (run.startNanos == 0) {
                continue; // not reached: an earlier statement failed
            }
            long txEnd = run.txEndNanos > 0 ? run.txEndNanos : run.endNanos;
            Map<Long, LockSampler.Seen> seen = sampler.seenDuring(run.index);
            Map<Long, LockMode> taken = new LinkedHashMap<>(run.ownNewLocks);
            Map<Long, String> seenBy = new HashMap<>();
            run.ownNewLocks.keySet().forEach(oid -> seenBy.put(oid, "own pg_locks after the statement"));
            for (LockSampler.Seen s : seen.values()) {
                LockMode before = run.heldBefore.getOrDefault(s.oid, LockMode.NONE);
                if (s.strongestGranted.compareTo(before) > 0 && s.strongestGranted.compareTo(taken.getOrDefault(s.oid, LockMode.NONE)) > 0) {
                    taken.put(s.oid, s.strongestGranted);
                    seenBy.merge(s.oid, "sampler", (a, b) -> a + " + sampler");
                } else if (taken.containsKey(s.oid) && s.strongestGranted != LockMode.NONE) {
                    seenBy.merge(s.oid, "sampler", (a, b) -> a + " + sampler");
                }
                if (s.waitedFor != LockMode.NONE && !taken.containsKey(s.oid)) {
                    taken.put(s.oid, s.waitedFor); // waited for it (and got it, as the statement succeeded)
                    seenBy.put(s.oid, "sampler (waiting)");
                }
            }
            List<LockReport> locks = new ArrayList<>();
            double maxWait = 0;
            double window = 0;
            LockMode strongest = LockMode.NONE;
            String strongestOn = null;
            long earliestAcquired = run.endNanos;
            for (Map.Entry<Long, LockMode> e : taken.entrySet()) {
                long oid = e.getKey();
                Relation relation = relations.get(oid);
                LockSampler.Seen s = seen.get(oid);
                StatementRecorder.OwnRelation own = ownRelations.get(oid);
                if (relation == null && own != null) {
                    relation = new Relation(own.name(), own.relkind(), 0);
                }
                String relkind = relation != null ? relation.relkind() : s != null ? s.relkind : null;
                if (relkind != null && !List.of("r", "p", "m", "f").contains(relkind)) {
                    continue; // indexes, sequences, toast: the table lock is what sessions queue on
                }
                String name = relation != null ? relation.name() : s != null && s.name != null ? s.name : null;
                if (name == null) {
                    continue; // an index or table created by this transaction and gone again
                }
                long rows = relation != null ? relation.rows() : 0;
                double waitMs = s == null ? 0 : s.maxWaitMs;
                // Acquired after the statement started, after the last sighting of it waiting, and after the last
                // sample that did not show it yet: the latest of these lower bounds keeps the window an upper bound.
                long acquired = run.startNanos;
                if (s != null && s.lastWaitingNanos > 0) {
                    acquired = Math.max(acquired, s.lastWaitingNanos);
                    if (waitMs == 0) {
                        waitMs = (s.lastWaitingNanos - run.startNanos) / 1e6;
                    }
                }
                if (s != null && s.strongestGranted == e.getValue() && s.notHeldAtNanos > 0) {
                    acquired = Math.max(acquired, Math.min(s.notHeldAtNanos, s.firstGrantedNanos));
                }
                earliestAcquired = Math.min(earliestAcquired, acquired);
                double windowMs = (txEnd - acquired) / 1e6;
                LockMode mode = e.getValue();
                boolean hot = rows > settings.hotTableRows();
                locks.add(new LockReport(name, mode.sqlName(), rows, hot, Traffic.round(waitMs), Traffic.round(windowMs),
                        mode.blocksReads(), mode.blocksWrites(), seenBy.getOrDefault(oid, "sampler")));
                maxWait = Math.max(maxWait, waitMs);
                if (mode.compareTo(strongest) > 0 || (mode == strongest && windowMs > window)) {
                    strongest = mode;
                    strongestOn = name;
                }
                window = Math.max(window, windowMs);
                if (hot && mode.blocksWrites() && windowMs > settings.maxLockWindowMs()) {
                    violations.add(String.format(Locale.ROOT, "%s holds %s on %s (%d rows) for %.0f ms > %.0f ms",
                            MigrationSet.where(run.step.file(), run.step.line()), mode.sqlName(), name, rows, windowMs, settings.maxLockWindowMs()));
                }
            }
            locks.sort((a, b) -> Double.compare(b.windowMs(), a.windowMs()));
            List<String> ruleIds = ruleIds(run.decision);
            String sql = MigrationSet.oneLine(run.step.sql());
            statements.add(new StatementReport(run.index + 1, run.step.file(), run.step.line(), sql, run.inTransaction,
                    locks, strongest == LockMode.NONE ? null : strongest.sqlName(), strongestOn, Traffic.round(maxWait),
                    Traffic.round(locks.isEmpty() ? 0 : window), Traffic.round((run.endNanos - run.startNanos) / 1e6),
                    run.rows, describe(run.decision), ruleIds,
                    run.ruleLock == LockMode.NONE ? null : run.ruleLock.sqlName(),
                    Traffic.round(traffic.maxLatencyOverlapping(Math.min(earliestAcquired, run.startNanos), txEnd)),
                    sampler.peakQueuedDuring(run.index), run.error));
            if (StatementRecorder.isDataWrite(run.step.sql())) {
                writes.add(new DataWrite(run.step.file(), run.step.line(), sql, run.rows));
            }
        }
        List<Traffic.Op> ops = traffic.ops();
        List<String> errors = ops.stream().filter(o -> o.error() != null).map(Traffic.Op::error).distinct().limit(5).toList();
        if (sampler.samples() == 0 && !runs.isEmpty()) {
            notes.add("the pg_locks sampler took no sample while statements ran: locks of autocommit statements are not shown");
        }
        boolean passed = violations.isEmpty() && failure == null;
        return new RehearsalReport(settings.databaseLabel(), settings.copy(), serverVersion, settings.maxLockWindowMs(),
                settings.hotTableRows(), settings.traffic(), statements, rollback, writes,
                Traffic.summary(ops, false), Traffic.summary(ops, true), errors, sampler.samples(),
                Traffic.round(sampler.maxGapMs()), notes, failure,
                violations, passed);
    }

    private static List<String> ruleIds(Decision decision) {
        List<Finding> findings = decision instanceof Decision.Block b ? b.findings()
                : decision instanceof Decision.Rewrite r ? r.findings()
                : decision instanceof Decision.Guard g ? g.warnings() : List.of();
        return findings.stream().map(Finding::ruleId).distinct().toList();
    }

    private static String describe(Decision decision) {
        if (decision == null) {
            return "unknown (pgsafe could not judge it)";
        }
        if (decision instanceof Decision.Block b) {
            return "blocked: " + String.join(", ", ruleIds(b));
        }
        if (decision instanceof Decision.Rewrite r) {
            return "rewritten (" + String.join(", ", ruleIds(r)) + "): " + r.steps().size() + " steps";
        }
        if (decision instanceof Decision.Guard g) {
            String timeouts = g.longRunning() ? "lock_timeout 10min, no statement_timeout"
                    : g.lock().blocksWrites() ? "lock_timeout 2s, statement_timeout 5s" : "lock_timeout 2s";
            String action = g.action();
            return action + (g.warnings().isEmpty() ? "" : ": " + String.join(", ", ruleIds(g))) + " (" + timeouts + ")";
        }
        return "allowed";
    }
}
