package io.pgsafe.agent;

import io.pgsafe.agent.bootstrap.PgSafeBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into pgjdbc's classes. It may name only {@link PgSafeBridge} (on the boot class path) and types
 * every loader sees: the code is copied into pgjdbc's classes and resolved from pgjdbc's loader. No {@code suppress}:
 * the exception that blocks a statement must reach the application.
 */
final class Advices {
    private Advices() {
    }

    /** {@code PgStatement.executeCachedSql(String, int, String[])}: every {@code Statement} text passes here. */
    static final class ExecuteCachedSql {
        private ExecuteCachedSql() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql,
                            @Advice.Argument(1) int flags, @Advice.Argument(2) String[] columnNames) throws Exception {
            return PgSafeBridge.statement(statement, sql, flags, columnNames);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) boolean result) {
            if (handled != null) {
                result = (Boolean) handled;
            }
        }
    }

    /** {@code PgPreparedStatement.executeWithFlags(int)}: every prepared and callable execute passes here. */
    static final class PreparedExecute {
        private PreparedExecute() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object statement, @Advice.FieldValue("preparedQuery") Object query,
                            @Advice.Argument(0) int flags) throws Exception {
            return PgSafeBridge.prepared(statement, query, flags);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled, @Advice.Return(readOnly = false) boolean result) {
            if (handled != null) {
                result = (Boolean) handled;
            }
        }
    }

    /** {@code PgStatement.executeBatch()} and {@code executeLargeBatch()}: text batches holding DDL. */
    static final class ExecuteBatch {
        private ExecuteBatch() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.This Object statement, @Advice.FieldValue("batchStatements") Object batch,
                            @Advice.Origin("#m") String method) throws Exception {
            return PgSafeBridge.batch(statement, batch, method.length() == 17);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled != null) {
                result = handled;
            }
        }
    }

    /** {@code PgStatement.addBatch(String)}. */
    static final class AddBatch {
        private AddBatch() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object statement, @Advice.Argument(0) String sql) throws Exception {
            PgSafeBridge.deferred(statement, sql, "addBatch");
        }
    }

    /** {@code PgConnection.borrowQuery/borrowCallableQuery/borrowReturningQuery}: every prepare. */
    static final class Prepare {
        private Prepare() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection, @Advice.Argument(0) String sql) throws Exception {
            PgSafeBridge.deferred(connection, sql, "prepareStatement");
        }
    }

    /** {@code PgConnection.close()}: the connection's pgsafe state is dropped (it holds the connection). */
    static final class Close {
        private Close() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection) {
            PgSafeBridge.closed(connection);
        }
    }

    /** {@code PgConnection.commit()} and {@code rollback()}: the transaction is over, also when they failed. */
    static final class TransactionEnd {
        private TransactionEnd() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Object connection) {
            PgSafeBridge.transactionEnded(connection);
        }
    }

    /** {@code PgConnection.setAutoCommit(boolean)}. */
    static final class SetAutoCommit {
        private SetAutoCommit() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit) {
            PgSafeBridge.autoCommitSet(connection, autoCommit);
        }
    }

    /** {@code org.postgresql.Driver.connect(String, Properties)}: the start-up self-check, per class loader, and
     * the URL and properties of each new connection (for the lock monitor's own connection). */
    static final class Connect {
        private Connect() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object driver) throws Exception {
            PgSafeBridge.connect(driver);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object driver, @Advice.Argument(0) String url,
                         @Advice.Argument(1) java.util.Properties info, @Advice.Return Object connection) {
            PgSafeBridge.connected(driver, url, info, connection);
        }
    }
}
