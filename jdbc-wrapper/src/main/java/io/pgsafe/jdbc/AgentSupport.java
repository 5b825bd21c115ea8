package io.pgsafe.jdbc;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.sql.StatementClass;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.jdbc.monitor.MonitorConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The pgsafe agent's door into this module: the same configuration layers, the same {@link StatementGate} per
 * connection and the same {@link DecisionExecutor} the wrapper uses (one engine, one executor). The agent calls it
 * from advice inlined into pgjdbc, with the pgjdbc connection itself as the session. Not an application API.
 */
public final class AgentSupport {
    /** The name of the configuration layer made of the {@code -javaagent:pgsafe-agent.jar=key=value,…} arguments. */
    public static final String AGENT_ARGUMENTS = "agent arguments";

    private final ConfigLoader.Settings settings;
    private final boolean off;
    /**
     * Gates per pgjdbc connection, made on its first statement that is not on the hot path; only reached off the
     * hot path, so a plain lock is fine. A gate holds its connection, so the weak key alone would never clear: the
     * agent removes the entry when the connection closes ({@link #forget}).
     */
    private final Map<Connection, StatementGate> gates = Collections.synchronizedMap(new WeakHashMap<>());
    /** False until the first gate: an application that never sends DDL never takes the map's lock on commit. */
    private volatile boolean anyGate;
    /**
     * How many connections hold SHARE or stronger from DDL in their open transaction (their gates keep it). While
     * none does, UPDATE and DELETE pass like SELECT, without looking up their connection's gate in the map.
     */
    private final AtomicInteger strongLockHolders = new AtomicInteger();
    /** The lock monitor's connection per pgjdbc connection (the agent remembers how each was opened); none by default. */
    private volatile Function<Connection, MonitorConnectionFactory> monitorConnections = connection -> null;

    private AgentSupport(ConfigLoader.Settings settings) {
        this.settings = settings;
        this.off = settings.config().mode() == Mode.OFF;
    }

    /**
     * @param agentArguments the agent's {@code pgsafe.*} arguments, layered above the system properties
     * @throws io.pgsafe.core.config.PgSafeConfigException for an unknown key or a bad value in any layer
     */
    public static AgentSupport start(Map<String, String> agentArguments) {
        return new AgentSupport(ConfigLoader.load(new ConfigSource(AGENT_ARGUMENTS, agentArguments)));
    }

    /**
     * How the lock monitor opens its own connection beside a pgjdbc connection: the agent captures the URL and
     * properties at {@code Driver.connect}. The function may return null (the monitor then reports durations only).
     */
    public void monitorConnections(Function<Connection, MonitorConnectionFactory> source) {
        monitorConnections = source;
    }

    public PgSafeConfig config() {
        return settings.config();
    }

    /**
     * The connection-independent part of the hot path: true when the text is one statement and not DDL, not
     * transaction control, and not an UPDATE/DELETE while some connection holds a strong lock from DDL in its
     * transaction (only then can a whole-table one matter), so it goes to pgjdbc as it is. No allocation.
     */
    public boolean passesWithoutLooking(String sql) {
        if (off || sql == null) {
            return true;
        }
        try {
            StatementClass kind = StatementClassifier.classify(sql);
            return (kind == StatementClass.OTHER
                    || ((kind == StatementClass.UPDATE || kind == StatementClass.DELETE) && strongLockHolders.get() == 0))
                    && !StatementClassifier.mayHoldSeveralStatements(sql);
        } catch (RuntimeException e) {
            PgSafeLog.internalErrorOnce("the statement classifier", e);
            return true;
        }
    }

    /**
     * True when the text is one statement and neither DDL, transaction control, UPDATE nor DELETE: nothing that
     * happens later on any connection changes that, so the agent may remember the verdict for the same object.
     */
    public boolean plainForGood(String sql) {
        try {
            return StatementClassifier.classify(sql) == StatementClass.OTHER
                    && !StatementClassifier.mayHoldSeveralStatements(sql);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A statement sent through {@code Statement.execute*}: decided and carried out exactly as the wrapper does,
     * with {@code pgjdbc} as the session pgsafe's own SETs, SAVEPOINTs and catalog queries go to.
     *
     * @return what {@code call} returned, or {@code resultOfRewrite} when a rewrite ran in its place
     */
    public <T> T execute(Connection pgjdbc, String sql, SqlCall<T> call, T resultOfRewrite) throws SQLException {
        StatementGate gate = gate(pgjdbc);
        if (gate.passes(sql)) {
            return call.run(sql);
        }
        return gate.run(sql, call, resultOfRewrite);
    }

    /**
     * A text pgjdbc will run later, where the agent sees it again: a prepared or callable statement's SQL
     * (decided again at {@code executeWithFlags}), or a text-batch entry (decided again at {@code executeBatch}).
     * Only a Block fails here, before anything is sent, as the wrapper does at prepare time.
     *
     * @param where {@code "prepareStatement"}, {@code "addBatch"}, … for the messages
     */
    public void checkDeferred(Connection pgjdbc, String sql, String where) throws SQLException {
        StatementGate gate = gate(pgjdbc);
        if (gate.passesQuietly(sql)) {
            return;
        }
        gate.checkPrepared(sql); // a Block fails (logged, and recorded as the wrapper records it)
    }

    /**
     * {@code commit()} or {@code rollback()} ran on the connection: what this transaction did (tables it created,
     * strong locks it took) is forgotten, as the wrapper does. No gate yet, nothing to do.
     */
    public void transactionEnded(Connection pgjdbc) {
        if (!anyGate) {
            return;
        }
        StatementGate gate = gates.get(pgjdbc);
        if (gate != null) {
            gate.transactionEnded();
        }
    }

    /** {@code setAutoCommit(value)} ran on the connection. */
    public void autoCommitChanged(Connection pgjdbc, boolean value) {
        if (!anyGate) {
            return;
        }
        StatementGate gate = gates.get(pgjdbc);
        if (gate != null) {
            gate.autoCommitChanged(value);
        }
    }

    /**
     * The connection is closing: its gate (which holds it) goes, so the weak map can let it go; held locks are
     * reported and the lock monitor's connection is closed.
     */
    public void forget(Connection pgjdbc) {
        if (anyGate) {
            StatementGate gate = gates.remove(pgjdbc);
            if (gate != null) {
                gate.close();
            }
        }
    }

    private StatementGate gate(Connection pgjdbc) throws SQLException {
        StatementGate gate = gates.get(pgjdbc);
        if (gate == null) {
            gate = new StatementGate(pgjdbc, settings, monitorConnections.apply(pgjdbc), "agent",
                    strongLockHolders);
            gates.put(pgjdbc, gate);
            anyGate = true;
        }
        gate.autoCommitChanged(pgjdbc.getAutoCommit());
        return gate;
    }
}
