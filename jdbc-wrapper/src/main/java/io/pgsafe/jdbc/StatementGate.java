package io.pgsafe.jdbc;

import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementClass;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.jdbc.telemetry.GuardRecord;
import io.pgsafe.jdbc.telemetry.SessionTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's door to the engine: the hot-path test ({@link #passes}), the decision for everything else,
 * and the session state the decisions need (autocommit, transaction, what this transaction did, catalog facts,
 * server version). Owned by one connection and, like it, used by one thread at a time: nothing is synchronized.
 */
final class StatementGate {
    private final Connection session;
    private final ServerTransactionState pgjdbc;
    private final Guard guard;
    private final DecisionExecutor executor;
    private final boolean off;
    private final TransactionState transaction = new TransactionState();
    private final CatalogLookup catalog;
    private final io.pgsafe.jdbc.monitor.MonitorConnectionFactory monitorFactory;
    /** Created at the first DDL decision: a connection that runs no DDL has none (and no monitor connection). */
    private SessionTelemetry telemetry;
    private final String delivery;
    private PgVersion version;
    private boolean autoCommit;
    private boolean explicitTransaction;
    /**
     * Shared by every gate of one front door that wants it (the agent): how many of those connections hold SHARE
     * or stronger from DDL in their current transaction. While it is zero, an UPDATE or DELETE needs no gate at
     * all, so the agent lets it through without finding this connection's gate. Null for the wrapper, whose gate
     * is at hand.
     */
    private final AtomicInteger strongLockHolders;
    /** Whether this gate is counted in {@link #strongLockHolders}. */
    private boolean countedAsHolder;

    /** The agent's gate: pgjdbc's own connection, reported with {@code pgsafe.delivery=agent}. */
    StatementGate(Connection session, ConfigLoader.Settings settings) throws SQLException {
        this(session, settings, null, "agent", null);
    }

    /**
     * @param delivery the front door, for {@code pgsafe.delivery}: {@code wrapper} or {@code agent}
     * @param strongLockHolders the count this gate joins while its transaction holds a strong lock, or null
     */
    StatementGate(Connection session, ConfigLoader.Settings settings,
                  io.pgsafe.jdbc.monitor.MonitorConnectionFactory monitorFactory, String delivery,
                  AtomicInteger strongLockHolders) throws SQLException {
        this.session = session;
        this.strongLockHolders = strongLockHolders;
        this.delivery = delivery;
        this.monitorFactory = monitorFactory;
        this.guard = settings.guard();
        this.executor = settings.executor();
        this.off = settings.config().mode() == Mode.OFF;
        this.catalog = new CatalogLookup(session);
        this.autoCommit = session.getAutoCommit();
        this.pgjdbc = ServerTransactionState.of(session);
        this.version = settings.config().pgVersion().orElse(null);
    }

    /**
     * The hot path: true when the text can go to the server as it is with nothing done before or after — not DDL,
     * not transaction control, not a whole-table UPDATE/DELETE after DDL in this transaction, one statement. No
     * allocation, no round trip. An internal error lets the statement through (logged once).
     */
    boolean passes(String sql) {
        if (telemetry != null && telemetry.holding()) {
            telemetry.statementAfterLock(sql);
        }
        return passesQuietly(sql);
    }

    /**
     * A prepared text already known to be plain is executed: noted when DDL in this transaction holds a strong lock
     * (for the held-lock report), otherwise nothing. Always true.
     */
    boolean plainExecuted(String sql) {
        if (telemetry != null && telemetry.holding()) {
            telemetry.statementAfterLock(sql);
        }
        return true;
    }

    /** {@link #passes} without noting the statement as executed (prepare time). */
    boolean passesQuietly(String sql) {
        if (off) {
            return true;
        }
        try {
            return passesQuietly(StatementClassifier.classify(sql), sql);
        } catch (RuntimeException e) {
            PgSafeLog.internalErrorOnce("the statement classifier", e);
            return true;
        }
    }

    private boolean passesQuietly(StatementClass kind, String sql) {
        if (kind == StatementClass.OTHER
                || ((kind == StatementClass.UPDATE || kind == StatementClass.DELETE) && !transaction.holdsStrongLock())) {
            return !StatementClassifier.mayHoldSeveralStatements(sql);
        }
        return false;
    }

    /**
     * Prepare time, with one look at the text: a blocked statement fails here, before anything is sent.
     *
     * @return true when the text is plain for good (one statement, not DDL, transaction control, UPDATE or
     *         DELETE), so its executions skip the classifier; an UPDATE/DELETE is looked at again at execute time,
     *         since a later strong lock in the transaction makes a whole-table one worth judging
     */
    boolean prepare(String sql) throws SQLException {
        if (off) {
            return true;
        }
        try {
            StatementClass kind = StatementClassifier.classify(sql);
            if (passesQuietly(kind, sql)) {
                return kind == StatementClass.OTHER;
            }
        } catch (RuntimeException e) {
            PgSafeLog.internalErrorOnce("the statement classifier", e);
            return false; // looked at again, and let through, at execute time
        }
        checkPrepared(sql);
        return false;
    }

    /** Whether a text that did not pass is DDL-like enough that an internal error must fail closed. */
    private boolean failClosed(String sql) {
        if (executor.config().mode() != Mode.ENFORCE) {
            return false;
        }
        try {
            return StatementClassifier.classify(sql) == StatementClass.DDL;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Checks a statement at prepare time: a blocked statement fails here, before anything is sent. */
    void checkPrepared(String sql) throws SQLException {
        SqlStatement part;
        try {
            part = single(sql);
        } catch (RuntimeException e) {
            // Text pgsafe cannot lex (an unterminated quote or comment): never a RuntimeException out of
            // prepareStatement. DDL in enforce mode fails closed; anything else goes to the server, which judges it.
            if (failClosed(sql)) {
                throw internalFailure(e);
            }
            if (!(e instanceof io.pgsafe.core.sql.SqlSyntaxException)) {
                PgSafeLog.internalErrorOnce("the statement splitter", e);
            }
            return;
        }
        Decision decision = decideSafely(sql, part);
        if (decision instanceof Decision.Block block) {
            String message = io.pgsafe.jdbc.telemetry.SqlSanitizer.withoutLiteralsOf(block.message(), sql);
            PgSafeLog.LOG.warn("{}", message);
            GuardRecord record = telemetry().start(block, sql);
            record.blocked();
            record.end(false);
            throw new UnsafeStatementException(message);
        }
    }

    /** This connection's telemetry, created at its first DDL decision. */
    SessionTelemetry telemetry() {
        if (telemetry == null) {
            telemetry = SessionTelemetry.create(session, executor.config(), delivery, monitorFactory);
        }
        return telemetry;
    }

    /** Reports held locks and closes the lock monitor's connection; called when the connection closes. */
    void close() {
        if (telemetry != null) {
            telemetry.close();
        }
        transaction.reset();
        recountHolder();
    }

    /** Called after every change of {@link #transaction}: keeps {@link #strongLockHolders} in step with it. */
    private void recountHolder() {
        if (strongLockHolders != null && countedAsHolder != transaction.holdsStrongLock()) {
            countedAsHolder = !countedAsHolder;
            strongLockHolders.addAndGet(countedAsHolder ? 1 : -1);
        }
    }

    /** Everything that did not {@link #passes pass}: decide, then carry the decision out. */
    <T> T run(String sql, SqlCall<T> call, T resultOfRewrite) throws SQLException {
        List<SqlStatement> parts;
        try {
            parts = StatementSplitter.split(sql);
        } catch (RuntimeException e) {
            return internalError(sql, e, call);
        }
        if (parts.size() <= 1) {
            return runOne(sql, parts.isEmpty() ? null : parts.get(0), call, resultOfRewrite);
        }
        return new MultiStatementText(this, sql, parts).run(call, resultOfRewrite);
    }

    <T> T runOne(String sql, SqlStatement part, SqlCall<T> call, T resultOfRewrite) throws SQLException {
        if (part == null) {
            return call.run(sql);
        }
        StatementClass kind = StatementClassifier.classify(part.text());
        if (kind == StatementClass.TRANSACTION_CONTROL) {
            T result = call.run(sql);
            afterTransactionControl(part.text());
            return result;
        }
        Decision decision;
        boolean inTransaction = inTransaction();
        try {
            decision = decide(part, inTransaction);
        } catch (RuntimeException e) {
            return internalError(sql, e, call);
        }
        if (!inTransaction && telemetry != null && telemetry.holding()) {
            telemetry.transactionEnded("transaction end");
        }
        T result = executor.execute(session, inTransaction, sql, decision, call, resultOfRewrite,
                decision instanceof Decision.Allow ? null : telemetry());
        observe(decision, inTransaction);
        return result;
    }

    Decision decideSafely(String sql, SqlStatement part) throws SQLException {
        if (off || part == null) {
            return Decision.Allow.INSTANCE;
        }
        try {
            return decide(part, inTransaction());
        } catch (RuntimeException e) {
            if (failClosed(sql)) {
                throw internalFailure(e);
            }
            PgSafeLog.internalErrorOnce("the guard", e);
            return Decision.Allow.INSTANCE;
        }
    }

    /** Decides on the live session; outside a transaction the transaction's story and catalog cache start over. */
    Decision decide(SqlStatement part, boolean inTransaction) {
        if (!inTransaction) {
            transaction.reset();
            recountHolder();
            catalog.clear();
        }
        return decide(part, inTransaction, transaction);
    }

    /** Decides against a given transaction story (a multi-statement text's scratch copy); changes nothing here. */
    Decision decide(SqlStatement part, boolean inTransaction, TransactionState state) {
        return guard.decide(part, new SessionFacts(version(), inTransaction, state, catalog));
    }

    void observe(Decision decision, boolean inTransaction) {
        if (decision instanceof Decision.Guard g) {
            catalog.clear();
            if (inTransaction) {
                transaction.observe(g.statement(), g.lock(), g.table());
                recountHolder();
            }
        } else if (decision instanceof Decision.Rewrite) {
            catalog.clear();
        }
    }

    private <T> T internalError(String sql, RuntimeException e, SqlCall<T> call) throws SQLException {
        if (failClosed(sql)) {
            throw internalFailure(e);
        }
        if (!(e instanceof io.pgsafe.core.sql.SqlSyntaxException)) {
            PgSafeLog.internalErrorOnce("the guard", e);
        }
        return call.run(sql);
    }

    private static SQLException internalFailure(RuntimeException e) {
        if (e instanceof io.pgsafe.core.sql.SqlSyntaxException syntax) {
            // Not pgsafe's fault: the text does not lex (the server would reject it too). Said as a syntax error.
            return new SQLException("pgsafe could not read this DDL statement (" + syntax.getMessage() + ") and, in "
                    + "pgsafe.mode=enforce, did not send it: check its quotes, comments and dollar quotes", "42601", e);
        }
        PgSafeLog.LOG.error("pgsafe internal error while checking a DDL statement; it was not sent", e);
        return new SQLException("pgsafe could not check this DDL statement (internal error: " + e
                + ") and, in pgsafe.mode=enforce, did not send it. Set pgsafe.mode=warn to let DDL through while "
                + "this is fixed, and report the statement.", UnsafeStatementException.SQLSTATE, e);
    }

    /** BEGIN/COMMIT/ROLLBACK sent as SQL: track the explicit transaction and end this transaction's state. */
    void afterTransactionControl(String text) {
        ParsedStatement parsed;
        try {
            parsed = DdlParser.parse(text);
        } catch (RuntimeException e) {
            PgSafeLog.internalErrorOnce("the transaction-control parser", e);
            return;
        }
        if (parsed instanceof ParsedStatement.TransactionControl control) {
            TransactionCommand command = control.command();
            if (command == TransactionCommand.BEGIN) {
                explicitTransaction = true;
            } else if (command == TransactionCommand.COMMIT || command == TransactionCommand.ROLLBACK
                    || command == TransactionCommand.PREPARE_TRANSACTION) {
                transactionEnded(command.name().replace('_', ' '));
            }
        }
    }

    void transactionEnded() {
        transactionEnded("transaction end");
    }

    /** @param how COMMIT, ROLLBACK, … for the held-lock report */
    void transactionEnded(String how) {
        if (telemetry != null) {
            telemetry.transactionEnded(how);
        }
        explicitTransaction = false;
        transaction.reset();
        recountHolder();
        catalog.clear();
    }

    void autoCommitChanged(boolean value) {
        if (value != autoCommit) {
            transactionEnded(value ? "COMMIT (setAutoCommit(true))" : "transaction end");
        }
        autoCommit = value;
    }

    boolean autoCommit() {
        return autoCommit;
    }

    /**
     * Autocommit off, or a transaction block open (BEGIN sent as SQL). pgjdbc knows the server's answer without
     * a round trip; other connections fall back to what pgsafe saw.
     */
    boolean inTransaction() {
        if (!autoCommit) {
            return true;
        }
        if (pgjdbc != null) {
            return pgjdbc.inTransaction();
        }
        return explicitTransaction;
    }

    PgVersion version() {
        if (version == null) {
            try {
                var meta = session.getMetaData();
                version = PgVersion.of(meta.getDatabaseMajorVersion(), meta.getDatabaseMinorVersion());
            } catch (SQLException | RuntimeException e) {
                PgSafeLog.internalErrorOnce("reading the server version", e);
                version = PgVersion.of(12, 0);
            }
        }
        return version;
    }

    DecisionExecutor executor() {
        return executor;
    }

    Connection session() {
        return session;
    }

    static SqlStatement single(String sql) {
        List<SqlStatement> parts = StatementSplitter.split(sql);
        return parts.isEmpty() ? null : parts.get(0);
    }
}
