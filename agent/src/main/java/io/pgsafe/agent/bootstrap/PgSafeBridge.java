package io.pgsafe.agent.bootstrap;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * With {@link PlainTexts}, the only pgsafe code on the boot class path: the advice inlined into pgjdbc's classes
 * calls these static methods, whatever class loader pgjdbc lives in (an app-server-like loader whose parent is the
 * platform loader sees the boot loader, never the agent's). It uses {@code java.base} types only — the boot loader cannot see
 * {@code java.sql} — and forwards to the {@link Hooks} the agent installs, which live in the agent's own loader.
 * Exceptions the hooks throw ({@code SQLException}s, pgsafe's {@code UnsafeStatementException}) pass through
 * unchanged: a frame only needs the class of an exception it names, and this class names none.
 *
 * <p>A per-thread call depth keeps pgsafe out of its own way: while a hook runs, every statement the thread sends
 * (pgsafe's SETs, SAVEPOINTs and catalog lookups, the guarded statement itself when the executor runs it, pgjdbc's
 * own metadata queries) goes to pgjdbc unguarded.
 */
public final class PgSafeBridge {
    /** What the agent does at each hook; implemented in the agent's loader. */
    public interface Hooks {
        /** {@code PgStatement.executeCachedSql}: null to let pgjdbc run it, else the method's result. */
        Object statement(Object statement, String sql, int flags, String[] columnNames) throws Exception;

        /**
         * {@code PgPreparedStatement.executeWithFlags(int)}: {@code query} is its {@code CachedQuery}; null to let
         * pgjdbc run it, else the method's result.
         */
        Object prepared(Object statement, Object query, int flags) throws Exception;

        /**
         * {@code PgStatement.executeBatch()} / {@code executeLargeBatch()}: {@code batch} is its list of queries;
         * null to let pgjdbc run it, else the method's result ({@code int[]} or {@code long[]}).
         */
        Object batch(Object statement, Object batch, boolean large) throws Exception;

        /** {@code PgStatement.addBatch(String)} and {@code PgConnection.borrow*Query}: throws to refuse. */
        void deferred(Object statementOrConnection, String sql, String where) throws Exception;

        /** {@code org.postgresql.Driver.connect}: throws when pgsafe's hooks did not take in that driver's loader. */
        void connect(Object driver) throws Exception;

        /**
         * {@code org.postgresql.Driver.connect} returned {@code connection} (maybe null) for {@code url} and
         * {@code info}: remembered, weakly, so the lock monitor can open a second connection like it. Never throws.
         */
        void connected(Object driver, String url, java.util.Properties info, Object connection);

        /** {@code PgConnection.close()}: forget the connection's state. Never throws. */
        void closed(Object connection);

        /**
         * {@code PgConnection.commit()}, {@code rollback()} (ended: the transaction is over) and
         * {@code setAutoCommit(boolean)}: the transaction's story starts over. Never throws.
         */
        void transaction(Object connection, boolean ended, boolean autoCommit);
    }

    private static volatile Hooks hooks;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final Map<Object, Boolean> WRAPPED = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Texts and {@code CachedQuery} objects the hooks found plain for good: checked before anything else, so the
     * common statement costs an identity-hash lookup, not the call-depth guard's thread-local and a call into the
     * agent's loader.
     */
    private static final PlainTexts PLAIN = new PlainTexts();

    private PgSafeBridge() {
    }

    public static void install(Hooks installed) {
        PLAIN.clear(); // what the hooks before found plain (pgsafe off, say) is not this configuration's verdict
        hooks = installed;
    }

    /**
     * Enters the call-depth guard when this thread is not inside a hook already: the counter to decrement when the
     * hook is done, or null when pgsafe's own work (or pgjdbc's, under a hook) is what is running. No allocation.
     */
    private static int[] outermost() {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            return null;
        }
        depth[0]++;
        return depth;
    }

    public static Object statement(Object statement, String sql, int flags, String[] columnNames) throws Exception {
        Hooks h = hooks;
        int[] depth;
        if (h == null || PLAIN.contains(sql) || (depth = outermost()) == null) {
            return null;
        }
        try {
            return h.statement(statement, sql, flags, columnNames);
        } finally {
            depth[0]--;
        }
    }

    public static Object prepared(Object statement, Object query, int flags) throws Exception {
        Hooks h = hooks;
        int[] depth;
        if (h == null || PLAIN.contains(query) || (depth = outermost()) == null) {
            return null;
        }
        try {
            return h.prepared(statement, query, flags);
        } finally {
            depth[0]--;
        }
    }

    public static Object batch(Object statement, Object batch, boolean large) throws Exception {
        Hooks h = hooks;
        int[] depth;
        if (h == null || batch == null || (depth = outermost()) == null) {
            return null;
        }
        try {
            return h.batch(statement, batch, large);
        } finally {
            depth[0]--;
        }
    }

    public static void deferred(Object target, String sql, String where) throws Exception {
        Hooks h = hooks;
        int[] depth;
        if (h == null || PLAIN.contains(sql) || (depth = outermost()) == null) {
            return;
        }
        try {
            h.deferred(target, sql, where);
        } finally {
            depth[0]--;
        }
    }

    public static void connect(Object driver) throws Exception {
        Hooks h = hooks;
        if (h == null) {
            return;
        }
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            h.connect(driver);
        } finally {
            depth[0]--;
        }
    }

    public static void connected(Object driver, String url, java.util.Properties info, Object connection) {
        Hooks h = hooks;
        if (h != null && connection != null) {
            h.connected(driver, url, info, connection);
        }
    }

    public static void closed(Object connection) {
        Hooks h = hooks;
        if (h != null) {
            WRAPPED.remove(connection);
            h.closed(connection);
        }
    }

    public static void transactionEnded(Object connection) {
        Hooks h = hooks;
        if (h != null) {
            h.transaction(connection, true, false);
        }
    }

    public static void autoCommitSet(Object connection, boolean autoCommit) {
        Hooks h = hooks;
        if (h != null) {
            h.transaction(connection, false, autoCommit);
        }
    }

    /**
     * The hooks found this text or {@code CachedQuery} plain for good (one statement, not DDL, transaction control,
     * UPDATE or DELETE): the next hook on the very same object lets it through at once.
     */
    public static void rememberPlain(Object textOrQuery) {
        PLAIN.add(textOrQuery);
    }

    /** Runs pgsafe's own work on this thread with every hook out of the way. */
    public static void enter() {
        DEPTH.get()[0]++;
    }

    public static void exit() {
        DEPTH.get()[0]--;
    }

    /** Called by the jdbc-wrapper ({@code jdbc:pgsafe:}) for the pgjdbc connection it guards itself. */
    public static void markGuardedByWrapper(Object connection) {
        WRAPPED.put(connection, Boolean.TRUE);
    }

    public static boolean guardedByWrapper(Object connection) {
        return !WRAPPED.isEmpty() && WRAPPED.containsKey(connection);
    }
}
