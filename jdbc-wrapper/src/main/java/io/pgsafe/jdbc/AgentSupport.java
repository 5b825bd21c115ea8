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
     * What a glance at a text (no connection, no allocation) says about it, in the terms the agent can remember for
     * the very same object ({@code String} constant or pgjdbc {@code CachedQuery}).
     */
    public enum Glance {
        /**
         * Passes now and for good: one statement, neither DDL, transaction control, UPDATE nor DELETE (or pgsafe is
         * off). Nothing that happens later on any connection changes that.
         */
        PLAIN_FOR_GOOD,
        /** One UPDATE or DELETE: passes while {@link #dataChangesPass()}, else needs its connection's gate. */
        DATA_CHANGE,
        /** DDL, transaction control or several statements: needs its connection's gate. */
        LOOK
    }

    /** Classifies the text once (a few keywords at its start, and a scan for a second statement). */
    public Glance glance(String sql) {
        if (off || sql == null) {
            return Glance.PLAIN_FOR_GOOD;
        }
        try {
            StatementClass kind = StatementClassifier.classify(sql);
            if (kind != StatementClass.OTHER && kind != StatementClass.UPDATE && kind != StatementClass.DELETE
                    || StatementClassifier.mayHoldSeveralStatements(sql)) {
                return Glance.LOOK;
            }
            return kind == StatementClass.OTHER ? Glance.PLAIN_FOR_GOOD : Glance.DATA_CHANGE;
        } catch (RuntimeException e) {
            PgSafeLog.internalErrorOnce("the statement classifier", e);
            return Glance.PLAIN_FOR_GOOD;
        }
    }

    /**
     * True while no connection holds SHARE or stronger from DDL in its open transaction: only then can a whole-table
     * UPDATE or DELETE matter (it would queue behind, or extend, that lock), so until then they pass like SELECT.
     */
    public boolean dataChangesPass() {
        return strongLockHolders.get() == 0;
    }

    /**
     * The connection-independent part of the hot path: true when the text is one statement and not DDL, not
     * transaction control, and not an UPDATE/DELETE while some connection holds a strong lock from DDL in its
     * transaction, so it goes to pgjdbc as it is. No allocation.
     */
    public boolean passesWithoutLooking(String sql) {
        Glance glance = glance(sql);
        return glance == Glance.PLAIN_FOR_GOOD || glance == Glance.DATA_CHANGE && dataChangesPass();
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
