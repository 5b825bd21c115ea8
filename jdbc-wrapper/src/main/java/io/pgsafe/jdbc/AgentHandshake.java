package io.pgsafe.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import org.postgresql.core.BaseConnection;

/**
 * Tells the pgsafe agent, when one runs in this JVM, that a pgjdbc connection is already guarded by this wrapper,
 * so a statement is judged once and not twice. The agent keeps a {@code java.base}-only bridge class on the boot
 * class path ({@code io.pgsafe.agent.bootstrap.PgSafeBridge}); without the agent the class is absent and this does
 * nothing.
 */
final class AgentHandshake {
    private static final MethodHandle MARK = find();

    private AgentHandshake() {
    }

    private static MethodHandle find() {
        try {
            Class<?> bridge = Class.forName("io.pgsafe.agent.bootstrap.PgSafeBridge", false, null);
            return MethodHandles.publicLookup().findStatic(bridge, "markGuardedByWrapper",
                    MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    static void guardedByWrapper(Connection delegate) {
        if (MARK == null) {
            return;
        }
        try {
            Object target = delegate.isWrapperFor(BaseConnection.class) ? delegate.unwrap(BaseConnection.class)
                    : delegate;
            MARK.invoke(target);
        } catch (Throwable e) {
            PgSafeLog.internalErrorOnce("telling the pgsafe agent about a wrapped connection", e);
        }
    }
}
