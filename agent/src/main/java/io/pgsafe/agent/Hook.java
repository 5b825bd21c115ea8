package io.pgsafe.agent;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * One hooked pgjdbc method and the calls into {@link io.pgsafe.agent.bootstrap.PgSafeBridge} that go into it. The
 * code written here names only the bridge (on the boot class path) and {@code java.base} types: it is copied into
 * pgjdbc's classes and resolved from pgjdbc's loader. Nothing catches what the bridge throws: the exception that
 * blocks a statement must reach the application.
 *
 * <p>Each hook is one of four shapes ({@link HookWriter} writes the control flow around them):
 * <ul>
 *   <li>skipping ({@link #enter} returns true): on entry the bridge returns null (the hot path: pgjdbc runs the
 *       method as usual) or the method's result, which is returned at once, without running the original body
 *       (Byte Buddy's {@code @Advice.OnMethodEnter(skipOn = OnNonDefaultValue.class)} with an exit advice that
 *       returns it);</li>
 *   <li>an entry call only;</li>
 *   <li>{@link #exitsOnThrowable()}: an exit call on every return and on every exception, which is rethrown;</li>
 *   <li>an entry call and an exit call on normal returns, which sees the returned value.</li>
 * </ul>
 */
enum Hook {
    /** {@code PgStatement.executeCachedSql(String, int, String[])}: every {@code Statement} text passes here. */
    EXECUTE_CACHED_SQL(AgentInstaller.PG_STATEMENT, "executeCachedSql", "(Ljava/lang/String;I[Ljava/lang/String;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ILOAD, 2);
            code.visitVarInsn(Opcodes.ALOAD, 3);
            bridge(code, "statement", "(Ljava/lang/Object;Ljava/lang/String;I[Ljava/lang/String;)Ljava/lang/Object;");
            return true;
        }
    },
    /** {@code PgStatement.addBatch(String)}: a Block fails here, before anything is sent. */
    ADD_BATCH(AgentInstaller.PG_STATEMENT, "addBatch", "(Ljava/lang/String;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            deferred(code, "addBatch");
            return false;
        }
    },
    /** {@code PgStatement.executeBatch()}: text batches holding DDL run entry by entry. */
    EXECUTE_BATCH(AgentInstaller.PG_STATEMENT, "executeBatch", "()") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            return batch(code, site, false);
        }
    },
    /** {@code PgStatement.executeLargeBatch()}. */
    EXECUTE_LARGE_BATCH(AgentInstaller.PG_STATEMENT, "executeLargeBatch", "()") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            return batch(code, site, true);
        }
    },
    /** {@code PgPreparedStatement.executeWithFlags(int)}: every prepared and callable execute passes here. */
    EXECUTE_WITH_FLAGS(AgentInstaller.PG_PREPARED_STATEMENT, "executeWithFlags", "(I)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ALOAD, 0);
            site.getOwnField(code, "preparedQuery");
            code.visitVarInsn(Opcodes.ILOAD, 1);
            bridge(code, "prepared", "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;");
            return true;
        }
    },
    /** {@code PgConnection.borrowQuery(String)}: every {@code prepareStatement}; a Block fails at prepare time. */
    BORROW_QUERY(AgentInstaller.PG_CONNECTION, "borrowQuery", "(Ljava/lang/String;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            deferred(code, "prepareStatement");
            return false;
        }
    },
    /** {@code PgConnection.borrowCallableQuery(String)}: every {@code prepareCall}. */
    BORROW_CALLABLE_QUERY(AgentInstaller.PG_CONNECTION, "borrowCallableQuery", "(Ljava/lang/String;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            deferred(code, "prepareStatement");
            return false;
        }
    },
    /** {@code PgConnection.borrowReturningQuery(String, String[])}: prepares with generated keys. */
    BORROW_RETURNING_QUERY(AgentInstaller.PG_CONNECTION, "borrowReturningQuery",
            "(Ljava/lang/String;[Ljava/lang/String;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            deferred(code, "prepareStatement");
            return false;
        }
    },
    /** {@code PgConnection.close()}: the connection's pgsafe state is dropped (it holds the connection). */
    CLOSE(AgentInstaller.PG_CONNECTION, "close", "()") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            bridge(code, "closed", "(Ljava/lang/Object;)V");
            return false;
        }
    },
    /** {@code PgConnection.commit()}: the transaction is over, also when the commit failed. */
    COMMIT(AgentInstaller.PG_CONNECTION, "commit", "()") {
        @Override
        void exit(MethodVisitor code, int resultSlot) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            bridge(code, "transactionEnded", "(Ljava/lang/Object;)V");
        }

        @Override
        boolean exitsOnThrowable() {
            return true;
        }
    },
    /** {@code PgConnection.rollback()}. */
    ROLLBACK(AgentInstaller.PG_CONNECTION, "rollback", "()") {
        @Override
        void exit(MethodVisitor code, int resultSlot) {
            COMMIT.exit(code, resultSlot);
        }

        @Override
        boolean exitsOnThrowable() {
            return true;
        }
    },
    /** {@code PgConnection.setAutoCommit(boolean)}. */
    SET_AUTO_COMMIT(AgentInstaller.PG_CONNECTION, "setAutoCommit", "(Z)") {
        @Override
        void exit(MethodVisitor code, int resultSlot) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            bridge(code, "autoCommitSet", "(Ljava/lang/Object;Z)V");
        }

        @Override
        boolean exitsOnThrowable() {
            return true;
        }
    },
    /**
     * {@code org.postgresql.Driver.connect(String, Properties)}: the start-up self-check, per class loader, on entry;
     * the URL and properties of each new connection (for the lock monitor's own connection) on return.
     */
    CONNECT(AgentInstaller.PG_DRIVER, "connect", "(Ljava/lang/String;Ljava/util/Properties;)") {
        @Override
        boolean enter(MethodVisitor code, HookedClass site) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            bridge(code, "connect", "(Ljava/lang/Object;)V");
            return false;
        }

        @Override
        void exit(MethodVisitor code, int resultSlot) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ALOAD, 2);
            code.visitVarInsn(Opcodes.ALOAD, resultSlot);
            bridge(code, "connected",
                    "(Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;Ljava/lang/Object;)V");
        }

        @Override
        boolean exitsWithResult() {
            return true;
        }
    };

    static final String BRIDGE = "io/pgsafe/agent/bootstrap/PgSafeBridge";

    /** The dotted name of the pgjdbc class the method is in. */
    final String type;
    final String method;
    /** The parameter part of the method's descriptor, {@code (…)}: the return type is not matched. */
    final String parameters;

    Hook(String type, String method, String parameters) {
        this.type = type;
        this.method = method;
        this.parameters = parameters;
    }

    boolean matches(String name, String descriptor) {
        return method.equals(name) && descriptor.startsWith(parameters);
    }

    /**
     * Writes the entry call, at the start of the method. Returns true when it leaves the bridge's answer on the stack
     * (then {@link HookWriter} returns it, unless it is null); false when it wrote nothing or a call that returns
     * nothing.
     */
    boolean enter(MethodVisitor code, HookedClass site) {
        return false;
    }

    /** Writes the exit call; for {@link #exitsWithResult()}, the returned value is in {@code resultSlot}. */
    void exit(MethodVisitor code, int resultSlot) {
    }

    boolean exitsOnThrowable() {
        return false;
    }

    boolean exitsWithResult() {
        return false;
    }

    String description() {
        return type.substring(type.lastIndexOf('.') + 1) + "." + method + parameters;
    }

    private static void bridge(MethodVisitor code, String name, String descriptor) {
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, name, descriptor, false);
    }

    private static void deferred(MethodVisitor code, String where) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 1);
        code.visitLdcInsn(where);
        bridge(code, "deferred", "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;)V");
    }

    private static boolean batch(MethodVisitor code, HookedClass site, boolean large) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitVarInsn(Opcodes.ALOAD, 0);
        site.getOwnField(code, "batchStatements");
        code.visitInsn(large ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        bridge(code, "batch", "(Ljava/lang/Object;Ljava/lang/Object;Z)Ljava/lang/Object;");
        return true;
    }
}
