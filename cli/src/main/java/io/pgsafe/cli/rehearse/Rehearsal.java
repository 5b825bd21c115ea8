package io.pgsafe.cli.rehearse;

import io.pgsafe.cli.rehearse.RehearsalReport.DataWrite;
import io.pgsafe.cli.rehearse.RehearsalReport.FileRollback;
import io.pgsafe.cli.rehearse.RehearsalReport.LockReport;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.jdbc.PgSafeDriver;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.Optional;
import java.util.OptionalLong;
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
    /** Relations the migration's own session named (also those its open transaction created). */
    private final Map<Long, Relation> ownRelations = new HashMap<>();

    Rehearsal(Settings settings) {
        this.settings = settings;
    }

    /** Per statement, what the runner itself measured. */
    private static final class Run {
        final MigrationSet.Step step;
        final int index;
        long startNanos;
        long endNanos;
        long txEndNanos = -1;
        boolean inTransaction;
        Long rows;
        String error;
        Decision decision;
        LockMode ruleLock = LockMode.NONE;
        Map<Long, LockMode> ownNewLocks = new HashMap<>();
        Map<Long, LockMode> heldBefore = new HashMap<>();

        Run(MigrationSet.Step step, int index) {
            this.step = step;
            this.index = index;
        }
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

    private Connection migrationConnection() throws SQLException {
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

    RehearsalReport run(MigrationSet set) throws SQLException {
        List<String> notes = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (MigrationSet.MigrationFile file : set.files()) {
            for (MigrationSet.Step step : file.steps()) {
                runs.add(new Run(step, runs.size()));
            }
        }
        Guard guard = new Guard(PgSafeConfig.defaults());
        Traffic traffic = new Traffic();
        LockSampler sampler;
        Map<Long, Relation> relations;
        String failure = null;
        int serverVersionNum;
        String serverVersion;
        try (Connection migration = migrationConnection(); Connection observer = plainConnection()) {
            Connection raw = (Connection) migration.unwrap(org.postgresql.PGConnection.class);
            int pid;
            try (Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("select pg_backend_pid(), current_setting('server_version_num')::int, current_setting('server_version')")) {
                rs.next();
                pid = rs.getInt(1);
                serverVersionNum = rs.getInt(2);
                serverVersion = rs.getString(3);
            }
            if (serverVersionNum < 140000) {
                notes.add("PostgreSQL " + serverVersion + " has no pg_locks.waitstart: lock waits are measured from the sampler's sightings only.");
            }
            List<String> touched = touchedTables(observer, set);
            relations = relations(observer, touched);
            PgVersion version = new PgVersion(serverVersionNum);

            sampler = new LockSampler(observer, pid, settings.sampleIntervalMillis() * 1_000_000L, serverVersionNum);
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
                failure = execute(migration, raw, runs, sampler, guard, version);
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
        return report(set, runs, sampler, traffic, relations, serverVersion, notes, failure);
    }

    private String execute(Connection migration, Connection raw, List<Run> runs, LockSampler sampler, Guard guard,
                           PgVersion version) {
        TransactionState state = new TransactionState();
        SessionFacts.CatalogFacts catalog = new Catalog(raw);
        String openGroup = null;
        boolean explicit = false;
        List<Run> inTransaction = new ArrayList<>();
        Map<Long, LockMode> held = new HashMap<>();
        try {
            for (Run run : runs) {
                MigrationSet.Step step = run.step;
                String group = step.transactionGroup();
                if (openGroup != null && !openGroup.equals(group)) {
                    migration.commit();
                    endTransaction(inTransaction, held, state);
                    migration.setAutoCommit(true);
                    openGroup = null;
                }
                if (group != null && openGroup == null && !explicit) {
                    migration.setAutoCommit(false);
                    openGroup = group;
                }
                ParsedStatement parsed = step.parsed();
                TransactionCommand command = parsed instanceof ParsedStatement.TransactionControl tx ? tx.command() : null;
                boolean beginsExplicit = command == TransactionCommand.BEGIN;
                run.inTransaction = openGroup != null || explicit || beginsExplicit;
                try {
                    run.decision = guard.decide(step.statement(), new SessionFacts(version, run.inTransaction, state, catalog));
                } catch (RuntimeException e) {
                    run.decision = null;
                }
                run.ruleLock = StatementLocks.lockOf(parsed, version.versionNum());
                run.heldBefore = new HashMap<>(held);
                try (Statement statement = migration.createStatement()) {
                    sampler.statementStarted(run.index);
                    run.startNanos = System.nanoTime();
                    try {
                        boolean result = statement.execute(step.sql());
                        run.endNanos = System.nanoTime();
                        if (!result && statement.getUpdateCount() >= 0
                                && (isDataWrite(step.sql()) || statement.getUpdateCount() > 0)) {
                            run.rows = (long) statement.getUpdateCount();
                        }
                    } finally {
                        sampler.statementEnded();
                        if (run.endNanos == 0) {
                            run.endNanos = System.nanoTime();
                        }
                    }
                } catch (SQLException e) {
                    run.error = (e.getSQLState() == null ? "" : e.getSQLState() + " ") + e.getMessage();
                    if (openGroup != null || explicit) {
                        try {
                            migration.rollback();
                        } catch (SQLException ignored) {
                            // the report says the migration failed
                        }
                    }
                    run.txEndNanos = System.nanoTime();
                    endTransaction(inTransaction, held, state);
                    return step.file() + ":" + step.line() + " failed: " + run.error;
                }
                state.observe(parsed, run.ruleLock, StatementLocks.tableOf(parsed));
                if (beginsExplicit) {
                    explicit = true;
                }
                boolean ends = command == TransactionCommand.COMMIT || command == TransactionCommand.ROLLBACK;
                if (ends) {
                    explicit = false;
                }
                if ((openGroup != null || explicit) && !ends) {
                    Map<Long, LockMode> now = ownLocks(raw);
                    for (Map.Entry<Long, LockMode> e : now.entrySet()) {
                        LockMode before = held.getOrDefault(e.getKey(), LockMode.NONE);
                        if (e.getValue().compareTo(before) > 0) {
                            run.ownNewLocks.put(e.getKey(), e.getValue());
                        }
                    }
                    held = now;
                    inTransaction.add(run);
                } else {
                    run.txEndNanos = run.endNanos;
                    endTransaction(inTransaction, held, state);
                    held = new HashMap<>();
                }
            }
            if (openGroup != null) {
                migration.commit();
                endTransaction(inTransaction, held, state);
                migration.setAutoCommit(true);
            }
            if (explicit) {
                migration.rollback();
                endTransaction(inTransaction, held, state);
                return "the migration left a transaction open (BEGIN without COMMIT): rolled back";
            }
            return null;
        } catch (SQLException e) {
            endTransaction(inTransaction, held, state);
            return "the rehearsal failed to end a transaction: " + e.getMessage();
        }
    }

    private static void endTransaction(List<Run> inTransaction, Map<Long, LockMode> held, TransactionState state) {
        long now = System.nanoTime();
        for (Run run : inTransaction) {
            run.txEndNanos = now;
        }
        inTransaction.clear();
        held.clear();
        state.endTransaction();
    }

    /** The migration session's own granted relation locks, strongest mode per relation, catalogs left out. */
    private Map<Long, LockMode> ownLocks(Connection raw) throws SQLException {
        Map<Long, LockMode> locks = new HashMap<>();
        try (Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("select l.relation::bigint, l.mode, n.nspname || '.' || c.relname, c.relkind from pg_locks l"
                     + " left join pg_class c on c.oid = l.relation left join pg_namespace n on n.oid = c.relnamespace"
                     + " where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted"
                     + " and coalesce(n.nspname, '') not in ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                if (rs.getString(3) != null) {
                    ownRelations.put(rs.getLong(1), new Relation(rs.getString(3), rs.getString(4), 0));
                }
                try {
                    locks.merge(rs.getLong(1), LockMode.fromPgLocksName(rs.getString(2)), LockMode::stronger);
                } catch (IllegalArgumentException ignored) {
                    // not a table lock mode
                }
            }
        }
        return locks;
    }

    /** The existing tables the statements name (their main table and any REFERENCES target). */
    private static List<String> touchedTables(Connection connection, MigrationSet set) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (MigrationSet.MigrationFile file : set.files()) {
            for (MigrationSet.Step step : file.steps()) {
                QualifiedName table = StatementLocks.tableOf(step.parsed());
                if (table != null && !(step.parsed() instanceof ParsedStatement.CreateTable)) {
                    names.add(table.toSql());
                }
                Matcher references = REFERENCES.matcher(step.sql());
                while (references.find()) {
                    names.add(references.group(1));
                }
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

    private RehearsalReport report(MigrationSet set, List<Run> runs, LockSampler sampler, Traffic traffic,
                                   Map<Long, Relation> relations, String serverVersion, List<String> notes,
                                   String failure) {
        List<StatementReport> statements = new ArrayList<>();
        List<DataWrite> writes = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Run run : runs) {
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
                if (relation == null) {
                    relation = ownRelations.get(oid);
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
                    violations.add(String.format(Locale.ROOT, "%s:%d holds %s on %s (%d rows) for %.0f ms > %.0f ms",
                            run.step.file(), run.step.line(), mode.sqlName(), name, rows, windowMs, settings.maxLockWindowMs()));
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
            if (isDataWrite(run.step.sql())) {
                writes.add(new DataWrite(run.step.file(), run.step.line(), sql, run.rows));
            }
        }
        List<FileRollback> rollback = set.files().stream().map(f -> new FileRollback(f.path().getFileName().toString(),
                f.tool(), f.rollback().found(), f.rollback().kind(), f.rollback().detail(), MigrationSet.recovery(f))).toList();
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

    private static boolean isDataWrite(String sql) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("insert") || head.startsWith("update") || head.startsWith("delete")
                || head.startsWith("merge") || head.startsWith("copy") || head.startsWith("with");
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

    /** Catalog facts for the Guard's enforce-mode decision, read on the migration's own session (it sees its transaction). */
    private static final class Catalog implements SessionFacts.CatalogFacts {
        private final Connection raw;

        Catalog(Connection raw) {
            this.raw = raw;
        }

        private Object query(String sql, String... parameters) {
            try (PreparedStatement q = raw.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    q.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getObject(1) : null;
                }
            } catch (SQLException e) {
                return null;
            }
        }

        @Override
        public Optional<Boolean> isVolatileFunction(String name) {
            int dot = name.lastIndexOf('.');
            return Optional.ofNullable((Boolean) query("select bool_or(provolatile = 'v') from pg_proc where proname = ?",
                    (dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT)));
        }

        @Override
        public Optional<Boolean> columnNotNull(QualifiedName table, String column) {
            return Optional.ofNullable((Boolean) query("select attnotnull from pg_attribute where attrelid = to_regclass(?)"
                    + " and attname = ? and not attisdropped", table.toSql(), column));
        }

        @Override
        public Optional<Boolean> isPartitioned(QualifiedName table) {
            return Optional.ofNullable((Boolean) query("select relkind = 'p' from pg_class where oid = to_regclass(?)", table.toSql()));
        }

        @Override
        public OptionalLong estimatedRows(QualifiedName table) {
            Object rows = query("select reltuples::bigint from pg_class where oid = to_regclass(?)", table.toSql());
            return rows == null ? OptionalLong.empty() : OptionalLong.of((Long) rows);
        }

        @Override
        public Optional<String> columnType(QualifiedName table, String column) {
            return Optional.ofNullable((String) query("select format_type(atttypid, atttypmod) from pg_attribute"
                    + " where attrelid = to_regclass(?) and attname = ? and not attisdropped", table.toSql(), column));
        }

        @Override
        public Optional<String> sessionTimeZone() {
            return Optional.ofNullable((String) query("select current_setting('TimeZone')"));
        }
    }
}
