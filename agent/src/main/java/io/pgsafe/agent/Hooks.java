package io.pgsafe.agent;

import io.pgsafe.agent.bootstrap.PgSafeBridge;
import io.pgsafe.agent.bootstrap.PlainTexts;
import io.pgsafe.core.config.Mode;
import io.pgsafe.jdbc.AgentSupport;
import io.pgsafe.jdbc.UnsafeStatementException;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.jdbc.monitor.MonitorConnectionFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What the advice does, in the agent's loader, behind {@link PgSafeBridge}. The bridge has set the call-depth guard
 * before any of these run, so everything sent from here (the executor's SETs and SAVEPOINTs, catalog lookups, the
 * original statement run again through {@code executeCachedSql}) passes the advice untouched.
 */
final class Hooks implements PgSafeBridge.Hooks {
    private static final System.Logger LOG = System.getLogger("io.pgsafe");
    private static final String[] NO_COLUMNS = new String[0];
    private static final ClassValue<Method> EXECUTE_CACHED_SQL = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(AgentInstaller.PG_STATEMENT)) {
                    try {
                        Method m = c.getDeclaredMethod("executeCachedSql", String.class, int.class, String[].class);
                        m.setAccessible(true);
                        return m;
                    } catch (NoSuchMethodException e) {
                        throw new IllegalStateException("pgjdbc's PgStatement has no executeCachedSql(String,int,"
                                + "String[]): this pgjdbc version is not supported by the pgsafe agent", e);
                    }
                }
            }
            throw new IllegalStateException(type + " is not a pgjdbc PgStatement");
        }
    };

    private static final ClassValue<Method> EXECUTE_WITH_FLAGS = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("executeWithFlags", int.class);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no executeWithFlags(int)", e);
            }
        }
    };
    private static final ClassValue<java.lang.reflect.Field> CACHED_QUERY_KEY = field("key");
    /**
     * {@code CachedQuery} objects and prepared texts that are one UPDATE or DELETE: they pass without reading or
     * classifying the text again while {@link AgentSupport#dataChangesPass()} (the ones plain for good are
     * remembered by the bridge, {@link PgSafeBridge#rememberPlain}).
     */
    private final PlainTexts dataChanges = new PlainTexts();
    private static final ClassValue<java.lang.reflect.Field> QUERY_KEY_SQL = field("sql");
    private static final ClassValue<Method> NATIVE_SQL = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("getNativeSql");
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no getNativeSql()", e);
            }
        }
    };

    private static ClassValue<java.lang.reflect.Field> field(String name) {
        return new ClassValue<>() {
            @Override
            protected java.lang.reflect.Field computeValue(Class<?> type) {
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    try {
                        java.lang.reflect.Field f = c.getDeclaredField(name);
                        f.setAccessible(true);
                        return f;
                    } catch (NoSuchFieldException e) {
                        // look in the superclass
                    }
                }
                throw new IllegalStateException(type + " has no field " + name);
            }
        };
    }

    private final AgentSupport support;
    private final boolean enforce;
    /** Per class loader, the pgjdbc types the agent transformed (and the ones whose transformation failed). */
    private final Map<ClassLoader, Set<String>> transformed = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ClassLoader, Set<String>> failed = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<String> transformedInBoot = Collections.synchronizedSet(new HashSet<>());
    private final Map<ClassLoader, String> verified = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * How each pgjdbc connection was opened (weak keys; never logged: the properties hold the password), for the
     * lock monitor's second connection.
     */
    private final Map<Object, Opener> openers = Collections.synchronizedMap(new WeakHashMap<>());

    /** A second {@code org.postgresql.Driver} of the same class (so the same loader) and the same URL and properties. */
    private record Opener(Class<?> driver, String url, java.util.Properties info) implements MonitorConnectionFactory {
        @Override
        public Connection open() throws SQLException {
            PgSafeBridge.enter(); // the monitor's own connection and its statements pass the hooks untouched
            try {
                java.sql.Driver fresh = (java.sql.Driver) driver.getConstructor().newInstance();
                return fresh.connect(url, info);
            } catch (ReflectiveOperationException e) {
                throw new SQLException("pgsafe lock monitor: cannot make a second " + driver.getName(), e);
            } finally {
                PgSafeBridge.exit();
            }
        }
    }

    Hooks(AgentSupport support) {
        this.support = support;
        this.enforce = support.config().mode() == Mode.ENFORCE;
        support.monitorConnections(connection -> openers.get(connection));
    }

    @Override
    public void connected(Object driver, String url, java.util.Properties info, Object connection) {
        try {
            java.util.Properties copy = new java.util.Properties();
            if (info != null) {
                for (String key : info.stringPropertyNames()) {
                    copy.setProperty(key, info.getProperty(key));
                }
            }
            copy.setProperty("ApplicationName", LockMonitor.APPLICATION_NAME);
            openers.put(connection, new Opener(driver.getClass(), url, copy));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pgsafe agent: remembering a new connection failed", e);
        }
    }

    @Override
    public Object statement(Object statement, String sql, int flags, String[] columnNames) throws Exception {
        if (support.passesWithoutLooking(sql)) {
            return null;
        }
        Statement jdbc = (Statement) statement;
        Connection connection = jdbc.getConnection();
        if (PgSafeBridge.guardedByWrapper(connection)) {
            return null;
        }
        Boolean result = support.execute(connection, sql, text -> invoke(statement, text, flags, columnNames), null);
        if (result == null) {
            // A rewrite ran in the statement's place on pgsafe's own statements. Leave this statement as after
            // a statement with no result (update count 0, no result set) rather than with its previous result.
            result = invoke(statement, "", flags, NO_COLUMNS);
        }
        return result;
    }

    /**
     * {@code PgPreparedStatement.executeWithFlags(int)}: the prepared text (its {@code CachedQuery}'s key) goes the
     * same way as a {@code Statement} text. The executor's call runs {@code executeWithFlags} again, reflectively,
     * under the depth guard, so pgjdbc binds the parameters and keeps the result; a text the executor chooses
     * itself (a part of a multi-statement text) goes through {@code executeCachedSql} on the same statement.
     */
    @Override
    public Object prepared(Object statement, Object query, int flags) throws Exception {
        if (dataChanges.contains(query) && support.dataChangesPass()) {
            return null;
        }
        String sql = preparedSql(query);
        if (sql == null || passesAndIsRemembered(query, sql)) {
            return null;
        }
        Connection connection = ((Statement) statement).getConnection();
        if (PgSafeBridge.guardedByWrapper(connection)) {
            return null;
        }
        Boolean result = support.execute(connection, sql, text -> text.equals(sql)
                ? invokePrepared(statement, flags) : invoke(statement, text, flags, NO_COLUMNS), null);
        if (result == null) {
            // A rewrite ran in its place: the statement is left as after a statement with no result.
            invoke(statement, "", flags, NO_COLUMNS);
            result = Boolean.FALSE;
        }
        return result;
    }

    /**
     * {@code PgStatement.executeBatch()}/{@code executeLargeBatch()} of a text batch: when every entry passes the
     * hot path, pgjdbc runs the batch as usual. Otherwise the entries run one by one, each through the executor
     * (the wrapper does the same), and a failure is a {@code BatchUpdateException} with the cause's SQLState and
     * the counts of the entries before it. Prepared batches (parameters) are left to pgjdbc: their text was
     * judged at prepare time.
     */
    @Override
    public Object batch(Object statement, Object batch, boolean large) throws Exception {
        if (statement instanceof java.sql.PreparedStatement || !(batch instanceof java.util.List<?> queries)
                || queries.isEmpty()) {
            return null;
        }
        java.util.List<String> texts = new java.util.ArrayList<>(queries.size());
        boolean plain = true;
        for (Object query : queries) {
            String text = nativeSql(query);
            if (text == null) {
                return null;
            }
            texts.add(text);
            plain &= support.passesWithoutLooking(text);
        }
        if (plain) {
            return null;
        }
        Statement jdbc = (Statement) statement;
        Connection connection = jdbc.getConnection();
        if (PgSafeBridge.guardedByWrapper(connection)) {
            return null;
        }
        jdbc.clearBatch();
        long[] counts = new long[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            try {
                Boolean result = support.execute(connection, texts.get(i), text -> invoke(statement, text, 0,
                        NO_COLUMNS), null);
                counts[i] = result == null ? 0 : Math.max(0, jdbc.getLargeUpdateCount());
            } catch (SQLException e) {
                throw new java.sql.BatchUpdateException("batch entry " + i + " failed: " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), java.util.Arrays.copyOf(counts, i), e);
            }
        }
        if (large) {
            return counts;
        }
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
        }
        return result;
    }

    /**
     * The hot path with memory: classifies {@code sql} once and remembers the verdict for {@code object} (the text
     * itself, or its {@code CachedQuery}) so the next hook on the very same object does not classify it again.
     *
     * @return true when the statement passes without its connection's gate
     */
    private boolean passesAndIsRemembered(Object object, String sql) {
        switch (support.glance(sql)) {
            case PLAIN_FOR_GOOD:
                if (sql != null) {
                    PgSafeBridge.rememberPlain(object);
                }
                return true;
            case DATA_CHANGE:
                dataChanges.add(object);
                return support.dataChangesPass();
            default:
                return false;
        }
    }

    /** The SQL of a {@code CachedQuery}: its key is the text, or a {@code BaseQueryKey} whose {@code sql} it is. */
    private static String preparedSql(Object cachedQuery) {
        if (cachedQuery == null) {
            return null;
        }
        try {
            Object key = CACHED_QUERY_KEY.get(cachedQuery.getClass()).get(cachedQuery);
            if (key instanceof String text) {
                return text;
            }
            return key == null ? null : (String) QUERY_KEY_SQL.get(key.getClass()).get(key);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "pgsafe agent: cannot read a prepared statement's SQL", e);
            return null;
        }
    }

    /** The text of one {@code org.postgresql.core.Query} of a batch ({@code getNativeSql()}). */
    private static String nativeSql(Object query) {
        try {
            return (String) NATIVE_SQL.get(query.getClass()).invoke(query);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "pgsafe agent: cannot read a batch entry's SQL", e);
            return null;
        }
    }

    private static Boolean invokePrepared(Object statement, int flags) throws SQLException {
        try {
            return (Boolean) EXECUTE_WITH_FLAGS.get(statement.getClass()).invoke(statement, flags);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } catch (IllegalAccessException e) {
            throw new SQLException("pgsafe agent cannot call pgjdbc's executeWithFlags: " + e, e);
        }
    }

    private static SQLException unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sqlException) {
            return sqlException;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new SQLException(cause);
    }

    private static Boolean invoke(Object statement, String sql, int flags, String[] columnNames) throws SQLException {
        try {
            return (Boolean) EXECUTE_CACHED_SQL.get(statement.getClass()).invoke(statement, sql, flags, columnNames);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sqlException) {
                throw sqlException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException(cause);
        } catch (IllegalAccessException e) {
            throw new SQLException("pgsafe agent cannot call pgjdbc's executeCachedSql: " + e, e);
        }
    }

    @Override
    public void deferred(Object target, String sql, String where) throws Exception {
        if (dataChanges.contains(sql) && support.dataChangesPass() || passesAndIsRemembered(sql, sql)) {
            return;
        }
        Connection connection = target instanceof Statement statement ? statement.getConnection() : (Connection) target;
        if (PgSafeBridge.guardedByWrapper(connection)) {
            return;
        }
        support.checkDeferred(connection, sql, where);
    }

    @Override
    public void closed(Object connection) {
        openers.remove(connection);
        try {
            support.forget((Connection) connection);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pgsafe agent: forgetting a closed connection failed", e);
        }
    }

    @Override
    public void transaction(Object connection, boolean ended, boolean autoCommit) {
        try {
            if (ended) {
                support.transactionEnded((Connection) connection);
            } else {
                support.autoCommitChanged((Connection) connection, autoCommit);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pgsafe agent: tracking a transaction's end failed", e);
        }
    }

    /**
     * The start-up self-check, once per class loader that holds pgjdbc: loading PgStatement and PgConnection
     * makes the agent's transformer hook them (or fail to); in enforce mode a connection through a pgjdbc the agent
     * could not hook is refused rather than left unguarded.
     */
    @Override
    public void connect(Object driver) throws Exception {
        ClassLoader loader = driver.getClass().getClassLoader();
        String problem = verified.get(loader);
        if (problem == null) {
            problem = verify(loader);
            verified.put(loader, problem);
            if (!problem.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "pgsafe agent: the hooks did not take in pgjdbc loaded by {0}: {1}",
                        loader, problem);
            }
        }
        if (!problem.isEmpty() && enforce) {
            throw new UnsafeStatementException("pgsafe agent: the hooks into pgjdbc did not take (" + problem
                    + "), so statements on this connection would not be checked; pgsafe.mode=enforce refuses the "
                    + "connection. See the agent's error log above, or set pgsafe.mode=warn to connect unguarded.");
        }
    }

    private String verify(ClassLoader loader) {
        StringBuilder problem = new StringBuilder();
        for (String name : new String[] {AgentInstaller.PG_STATEMENT, AgentInstaller.PG_PREPARED_STATEMENT,
            AgentInstaller.PG_CONNECTION}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                problem.append(problem.length() == 0 ? "" : "; ").append(name).append(" cannot be loaded: ").append(e);
                continue;
            }
            if (!hooked(loader, name)) {
                Set<String> errors = failed.get(loader);
                problem.append(problem.length() == 0 ? "" : "; ").append(name).append(
                        errors != null && errors.contains(name) ? " failed to transform" : " was not transformed");
            }
        }
        return problem.toString();
    }

    private boolean hooked(ClassLoader loader, String name) {
        if (loader == null) {
            return transformedInBoot.contains(name);
        }
        Set<String> names = transformed.get(loader);
        return names != null && names.contains(name);
    }

    /** A pgjdbc type was transformed (called by the transformation listener). */
    void transformed(String typeName, ClassLoader loader) {
        if (loader == null) {
            transformedInBoot.add(typeName);
        } else {
            transformed.computeIfAbsent(loader, l -> Collections.synchronizedSet(new HashSet<>())).add(typeName);
        }
    }

    /** A pgjdbc type could not be transformed (called by the transformation listener). */
    void failed(String typeName, ClassLoader loader, Throwable error) {
        LOG.log(System.Logger.Level.ERROR, "pgsafe agent: could not instrument " + typeName + " (class loader "
                + loader + "); statements through it would go unchecked", error);
        if (loader != null) {
            failed.computeIfAbsent(loader, l -> Collections.synchronizedSet(new HashSet<>())).add(typeName);
        }
    }

    boolean hasFailed(ClassLoader loader, String name) {
        Set<String> names = loader == null ? null : failed.get(loader);
        return names != null && names.contains(name);
    }

    boolean isHooked(ClassLoader loader, String name) {
        return hooked(loader, name);
    }
}
