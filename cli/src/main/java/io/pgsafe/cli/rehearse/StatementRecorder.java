package io.pgsafe.cli.rehearse;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.TransactionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The measuring half of a rehearsal, shared by every way of running the migration (the files in their tool's order,
 * or Flyway's own API): for each statement, pgsafe's enforce-mode decision, the lock the rules expect, the locks held
 * before it, its start and end, the sampler's attribution, and, inside a transaction, the locks its own session
 * holds after it. Whoever runs the statements calls {@link Session#begin}, {@link Session#succeeded} or
 * {@link Session#failed}, and {@link Session#transactionEnded}.
 */
final class StatementRecorder {

    /** Per statement, what the runner measured. */
    static final class Run {
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

    /** A relation's name and kind as the migration's own session saw it (also those its open transaction created). */
    record OwnRelation(String name, String relkind) {
    }

    private final LockSampler sampler;
    private final PgVersion version;
    private final Guard guard = new Guard(PgSafeConfig.defaults());
    private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, OwnRelation> ownRelations = Collections.synchronizedMap(new HashMap<>());

    StatementRecorder(LockSampler sampler, PgVersion version) {
        this.sampler = sampler;
        this.version = version;
    }

    /** Every statement begun so far, in the order they started. */
    List<Run> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    Map<Long, OwnRelation> ownRelations() {
        synchronized (ownRelations) {
            return Map.copyOf(ownRelations);
        }
    }

    /**
     * One migration connection. {@code raw} is the pgjdbc connection under the pgsafe driver: the recorder's own
     * queries (backend pid, own locks, catalog facts) go there, unseen by pgsafe and by whoever records statements.
     */
    Session session(Connection raw) throws SQLException {
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return new Session(raw, rs.getInt(1));
        }
    }

    final class Session {
        private final Connection raw;
        private final int pid;
        private final TransactionState state = new TransactionState();
        private final SessionFacts.CatalogFacts catalog;
        private final List<Run> inTransaction = new ArrayList<>();
        private Map<Long, LockMode> held = new HashMap<>();
        private boolean explicit;

        private Session(Connection raw, int pid) {
            this.raw = raw;
            this.pid = pid;
            this.catalog = new Catalog(raw);
        }

        /** Whether a BEGIN in the migration opened a transaction that no COMMIT or ROLLBACK has ended yet. */
        boolean explicitTransaction() {
            return explicit;
        }

        /**
         * Just before the statement is sent. {@code driverTransaction}: the runner (or the tool) has autocommit off.
         */
        Run begin(MigrationSet.Step step, boolean driverTransaction) {
            Run run;
            synchronized (runs) {
                run = new Run(step, runs.size());
                runs.add(run);
            }
            ParsedStatement parsed = step.parsed();
            run.inTransaction = driverTransaction || explicit || command(parsed) == TransactionCommand.BEGIN;
            try {
                run.decision = guard.decide(step.statement(), new SessionFacts(version, run.inTransaction, state, catalog));
            } catch (RuntimeException e) {
                run.decision = null;
            }
            run.ruleLock = StatementLocks.lockOf(parsed, version.versionNum());
            run.heldBefore = new HashMap<>(held);
            sampler.statementStarted(run.index, pid);
            run.startNanos = System.nanoTime();
            return run;
        }

        /**
         * The statement returned. {@code rows}: its update count when it has one. {@code driverTransaction}: autocommit
         * is off after it. Inside a transaction, the session's own locks are read to attribute what it newly holds.
         */
        void succeeded(Run run, Long rows, boolean driverTransaction) throws SQLException {
            run.endNanos = System.nanoTime();
            sampler.statementEnded();
            if (rows != null && rows >= 0 && (isDataWrite(run.step.sql()) || rows > 0)) {
                run.rows = rows;
            }
            ParsedStatement parsed = run.step.parsed();
            state.observe(parsed, run.ruleLock, StatementLocks.tableOf(parsed));
            TransactionCommand command = command(parsed);
            if (command == TransactionCommand.BEGIN) {
                explicit = true;
            }
            boolean ends = command == TransactionCommand.COMMIT || command == TransactionCommand.ROLLBACK;
            if (ends) {
                explicit = false;
            }
            if ((driverTransaction || explicit) && !ends) {
                Map<Long, LockMode> now = ownLocks();
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
                transactionEnded();
            }
        }

        /** The statement failed; whatever transaction it was in ends now (the runner or the tool rolls it back). */
        String failed(Run run, SQLException e) {
            if (run.endNanos == 0) {
                run.endNanos = System.nanoTime();
            }
            sampler.statementEnded();
            run.error = (e.getSQLState() == null ? "" : e.getSQLState() + " ") + e.getMessage();
            run.txEndNanos = System.nanoTime();
            explicit = false;
            transactionEnded();
            return MigrationSet.where(run.step.file(), run.step.line()) + " failed: " + run.error;
        }

        /** COMMIT or ROLLBACK returned: the locks of every statement of the transaction are released now. */
        void transactionEnded() {
            long now = System.nanoTime();
            for (Run run : inTransaction) {
                run.txEndNanos = now;
            }
            inTransaction.clear();
            held = new HashMap<>();
            state.endTransaction();
        }

        /** The session's own granted relation locks, strongest mode per relation, catalogs left out. */
        private Map<Long, LockMode> ownLocks() throws SQLException {
            Map<Long, LockMode> locks = new HashMap<>();
            try (Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("select l.relation::bigint, l.mode, n.nspname || '.' || c.relname, c.relkind from pg_locks l"
                         + " left join pg_class c on c.oid = l.relation left join pg_namespace n on n.oid = c.relnamespace"
                         + " where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted"
                         + " and coalesce(n.nspname, '') not in ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    if (rs.getString(3) != null) {
                        ownRelations.put(rs.getLong(1), new OwnRelation(rs.getString(3), rs.getString(4)));
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
    }

    private static TransactionCommand command(ParsedStatement parsed) {
        return parsed instanceof ParsedStatement.TransactionControl tx ? tx.command() : null;
    }

    static boolean isDataWrite(String sql) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("insert") || head.startsWith("update") || head.startsWith("delete")
                || head.startsWith("merge") || head.startsWith("copy") || head.startsWith("with");
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
