package io.pgsafe.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * pgjdbc's own idea of whether a transaction block is open ({@code BaseConnection.getTransactionState()}), read
 * without a round trip and without naming pgjdbc's types: the agent shares this code from its own class loader,
 * where the application's pgjdbc (say, in an app server's loader) may not be visible at all.
 */
final class ServerTransactionState {
    private final MethodHandle getter;

    private ServerTransactionState(MethodHandle getter) {
        this.getter = getter;
    }

    /** The probe for a pgjdbc connection (or a wrapper of one), or null when the connection is not pgjdbc's. */
    static ServerTransactionState of(Connection session) {
        Object pgjdbc = pgjdbcOf(session);
        if (pgjdbc == null) {
            return null;
        }
        try {
            Method method = pgjdbc.getClass().getMethod("getTransactionState");
            MethodHandle handle = MethodHandles.publicLookup().unreflect(method).bindTo(pgjdbc)
                    .asType(MethodType.methodType(Object.class));
            return new ServerTransactionState(handle);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object pgjdbcOf(Connection session) {
        if (session.getClass().getName().startsWith("org.postgresql.")) {
            return session;
        }
        try {
            Class<?> base = Class.forName("org.postgresql.core.BaseConnection", false,
                    ServerTransactionState.class.getClassLoader());
            return session.isWrapperFor(base) ? session.unwrap(base) : null;
        } catch (ReflectiveOperationException | java.sql.SQLException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** True unless pgjdbc says IDLE (no transaction block open). */
    boolean inTransaction() {
        try {
            Object state = getter.invokeExact();
            return !(state instanceof Enum<?> e && e.name().equals("IDLE"));
        } catch (Throwable e) {
            PgSafeLog.internalErrorOnce("reading pgjdbc's transaction state", e);
            return true;
        }
    }
}
