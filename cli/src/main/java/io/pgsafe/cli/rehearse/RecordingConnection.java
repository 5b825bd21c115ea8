package io.pgsafe.cli.rehearse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A pgsafe connection handed to a migration tool (Flyway), whose statements are measured by the
 * {@link StatementRecorder} while the tool runs a migration, and whose COMMIT, ROLLBACK and autocommit changes end
 * the recorded transaction. Every call goes on to the pgsafe connection unchanged.
 *
 * <p>A {@link Proxy}, not generated delegates: a rehearsal runs a few hundred statements, so the reflective call
 * costs nothing that shows next to a round trip, and the JDBC surface (Statement, PreparedStatement,
 * CallableStatement) stays out of this module.
 */
final class RecordingConnection implements InvocationHandler {

    /** Which migration a statement belongs to; null when the tool runs its own statements (schema history, locks). */
    interface Attribution {
        MigrationSet.Step stepFor(String sql, boolean inTransaction);

        StatementRecorder recorder();

        /** The first failure of a migration statement. */
        void failed(String failure);
    }

    private final Connection delegate;
    private final Attribution attribution;
    private Connection proxy;
    private StatementRecorder.Session session;

    private RecordingConnection(Connection delegate, Attribution attribution) {
        this.delegate = delegate;
        this.attribution = attribution;
    }

    static Connection wrap(Connection pgsafe, Attribution attribution) {
        RecordingConnection handler = new RecordingConnection(pgsafe, attribution);
        handler.proxy = (Connection) Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("equals")) {
            return self == args[0];
        }
        if (name.equals("hashCode")) {
            return System.identityHashCode(self);
        }
        boolean autoCommitBefore = switch (name) {
            case "setAutoCommit", "close" -> !delegate.isClosed() && delegate.getAutoCommit();
            default -> true;
        };
        Object result = call(method, delegate, args);
        switch (name) {
            case "createStatement" -> {
                return statement(Statement.class, (Statement) result, null);
            }
            case "prepareStatement" -> {
                return statement(PreparedStatement.class, (Statement) result, (String) args[0]);
            }
            case "prepareCall" -> {
                return statement(CallableStatement.class, (Statement) result, (String) args[0]);
            }
            case "commit", "rollback" -> {
                if (args == null) { // rollback(Savepoint) keeps the transaction open
                    transactionEnded();
                }
            }
            case "setAutoCommit" -> {
                if (!autoCommitBefore && (Boolean) args[0]) {
                    transactionEnded(); // switching autocommit on commits the open transaction
                }
            }
            case "close" -> {
                if (!autoCommitBefore) {
                    transactionEnded();
                }
            }
            default -> {
                // passed through unchanged
            }
        }
        return result;
    }

    private void transactionEnded() {
        if (session != null) {
            session.transactionEnded();
        }
    }

    private Object statement(Class<? extends Statement> type, Statement statement, String preparedSql) {
        return Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(), new Class<?>[] {type},
                new RecordingStatement(statement, preparedSql));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class RecordingStatement implements InvocationHandler {
        private final Statement delegateStatement;
        private final String preparedSql;
        private final List<String> batch = new ArrayList<>();

        RecordingStatement(Statement delegateStatement, String preparedSql) {
            this.delegateStatement = delegateStatement;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return proxy;
            }
            if (name.equals("equals")) {
                return self == args[0];
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(self);
            }
            if (name.equals("addBatch")) {
                batch.add(args != null && args.length == 1 ? (String) args[0] : preparedSql);
            } else if (name.equals("clearBatch")) {
                batch.clear();
            }
            if (!name.startsWith("execute")) {
                return call(method, delegateStatement, args);
            }
            String sql;
            if (name.endsWith("Batch")) {
                sql = batch.isEmpty() ? null : String.join(";\n", batch.stream().distinct().toList());
                batch.clear();
            } else {
                sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            }
            MigrationSet.Step step = sql == null ? null : attribution.stepFor(sql, !delegate.getAutoCommit());
            if (step == null) {
                return call(method, delegateStatement, args);
            }
            if (session == null) {
                session = attribution.recorder().session((Connection) delegate.unwrap(org.postgresql.PGConnection.class));
            }
            StatementRecorder.Run run = session.begin(step, !delegate.getAutoCommit());
            Object result;
            try {
                result = call(method, delegateStatement, args);
            } catch (SQLException e) {
                attribution.failed(session.failed(run, e));
                throw e;
            }
            session.succeeded(run, rows(result), !delegate.getAutoCommit());
            return result;
        }

        /** The update count, or null for a query. */
        private Long rows(Object result) throws SQLException {
            if (result instanceof Integer n) {
                return n.longValue();
            }
            if (result instanceof Long n) {
                return n;
            }
            if (result instanceof Boolean hasResultSet) {
                return hasResultSet ? null : (long) delegateStatement.getUpdateCount();
            }
            if (result instanceof int[] counts) {
                return (long) java.util.Arrays.stream(counts).filter(c -> c > 0).sum();
            }
            if (result instanceof long[] counts) {
                return java.util.Arrays.stream(counts).filter(c -> c > 0).sum();
            }
            return null; // executeQuery
        }
    }
}
