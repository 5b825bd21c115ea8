package io.pgsafe.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the {@link Advices} into pgjdbc's four hooked classes with Byte Buddy's {@code Advice}, the way
 * {@code AgentBuilder} with {@code disableClassFormatChanges()} does (redefine a frozen type: no added fields,
 * methods or initializers, so retransformation works), without {@code AgentBuilder}'s own start-up work (it
 * generates and injects a transformer class at install time, which costs hundreds of milliseconds and, on Java 25,
 * a {@code sun.misc.Unsafe} warning) and without matching every class the JVM loads.
 *
 * <p>{@code MethodGraph.Compiler.ForDeclaredMethods}: the OpenTelemetry agent adds interfaces without class files to
 * pgjdbc's classes; the default method graph compiler walks them and fails the transformation, which would leave
 * pgjdbc silently unguarded (environment.md section 4, pitfall 1). Advice only needs the declared methods.
 */
final class PgjdbcTransformer implements ClassFileTransformer {
    private volatile Hooks hooks;
    private final ByteBuddy byteBuddy;
    private final AsmVisitorWrapper statement;
    private final AsmVisitorWrapper prepared;
    private final AsmVisitorWrapper connection;
    private final AsmVisitorWrapper driver;
    private static final ElementMatcher.Junction<MethodDescription> EXECUTE_CACHED_SQL = named("executeCachedSql")
            .and(takesArguments(String.class, int.class, String[].class));
    private static final ElementMatcher.Junction<MethodDescription> ADD_BATCH = named("addBatch")
            .and(takesArguments(String.class));
    private static final ElementMatcher.Junction<MethodDescription> EXECUTE_BATCH = named("executeBatch")
            .and(takesArguments(0));
    private static final ElementMatcher.Junction<MethodDescription> EXECUTE_LARGE_BATCH = named("executeLargeBatch")
            .and(takesArguments(0));
    private static final ElementMatcher.Junction<MethodDescription> EXECUTE_WITH_FLAGS = named("executeWithFlags")
            .and(takesArguments(int.class));
    private static final ElementMatcher.Junction<MethodDescription> BORROW_QUERY = named("borrowQuery")
            .and(takesArguments(String.class));
    private static final ElementMatcher.Junction<MethodDescription> BORROW_CALLABLE_QUERY = named("borrowCallableQuery")
            .and(takesArguments(String.class));
    private static final ElementMatcher.Junction<MethodDescription> BORROW_RETURNING_QUERY = named("borrowReturningQuery")
            .and(takesArguments(String.class, String[].class));
    private static final ElementMatcher.Junction<MethodDescription> CLOSE = named("close").and(takesArguments(0));
    private static final ElementMatcher.Junction<MethodDescription> COMMIT = named("commit").and(takesArguments(0));
    private static final ElementMatcher.Junction<MethodDescription> ROLLBACK = named("rollback").and(takesArguments(0));
    private static final ElementMatcher.Junction<MethodDescription> SET_AUTO_COMMIT = named("setAutoCommit")
            .and(takesArguments(boolean.class));
    private static final ElementMatcher.Junction<MethodDescription> CONNECT = named("connect")
            .and(takesArguments(String.class, Properties.class));

    PgjdbcTransformer(Hooks hooks) {
        this();
        this.hooks = hooks;
    }

    /** Prepared before the configuration is read; {@link #hooks(Hooks)} must be called before it transforms. */
    PgjdbcTransformer() {
        this.byteBuddy = new ByteBuddy()
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(InstrumentedType.Factory.Default.FROZEN)
                .with(VisibilityBridgeStrategy.Default.NEVER)
                .with(TypeValidation.DISABLED);
        ClassFileLocator own = ClassFileLocator.ForClassLoader.of(PgjdbcTransformer.class.getClassLoader());
        this.statement = new AsmVisitorWrapper.Compound(
                Advice.to(Advices.ExecuteCachedSql.class, own).on(EXECUTE_CACHED_SQL),
                Advice.to(Advices.AddBatch.class, own).on(ADD_BATCH),
                Advice.to(Advices.ExecuteBatch.class, own).on(EXECUTE_BATCH.or(EXECUTE_LARGE_BATCH)));
        this.prepared = Advice.to(Advices.PreparedExecute.class, own).on(EXECUTE_WITH_FLAGS);
        this.connection = new AsmVisitorWrapper.Compound(
                Advice.to(Advices.Prepare.class, own).on(BORROW_QUERY.or(BORROW_CALLABLE_QUERY).or(BORROW_RETURNING_QUERY)),
                Advice.to(Advices.Close.class, own).on(CLOSE),
                Advice.to(Advices.TransactionEnd.class, own).on(COMMIT.or(ROLLBACK)),
                Advice.to(Advices.SetAutoCommit.class, own).on(SET_AUTO_COMMIT));
        this.driver = Advice.to(Advices.Connect.class, own).on(CONNECT);
    }

    void hooks(Hooks installed) {
        this.hooks = installed;
    }

    /**
     * Runs one whole transformation of {@link WarmUp} (never defined; the bytes are dropped), so the class reading,
     * advice inlining and class writing code is loaded and initialized before the first pgjdbc class needs it.
     */
    void warmUp() {
        String name = WarmUp.class.getName();
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(PgjdbcTransformer.class.getClassLoader());
        TypeDescription type = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
                locator, TypePool.Default.ReaderMode.FAST).describe(name).resolve();
        byteBuddy.redefine(type, locator).ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED)
                .visit(statement).make().getBytes();
    }

    /** The shape of the hooked methods, for {@link #warmUp()} only. */
    @SuppressWarnings("unused")
    static final class WarmUp {
        private boolean executeCachedSql(String sql, int flags, String[] columns) {
            return false;
        }

        public void addBatch(String sql) {
        }

        public int[] executeBatch() {
            return new int[0];
        }

        public long[] executeLargeBatch() {
            return new long[0];
        }

        protected final java.util.ArrayList<Object> batchStatements = null;
    }

    /**
     * Every method the advice must land on, per hooked class: advice on a method that is not there is no error
     * in Byte Buddy, so a pgjdbc that renamed one would otherwise be "transformed" and unguarded.
     */
    private static List<ElementMatcher<MethodDescription>> required(String name) {
        return switch (name) {
            case AgentInstaller.PG_STATEMENT -> List.of(EXECUTE_CACHED_SQL, ADD_BATCH, EXECUTE_BATCH, EXECUTE_LARGE_BATCH);
            case AgentInstaller.PG_PREPARED_STATEMENT -> List.of(EXECUTE_WITH_FLAGS);
            case AgentInstaller.PG_CONNECTION -> List.of(BORROW_QUERY, BORROW_CALLABLE_QUERY, BORROW_RETURNING_QUERY,
                    CLOSE, COMMIT, ROLLBACK, SET_AUTO_COMMIT);
            default -> List.of(CONNECT);
        };
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        String name = internalName.replace('/', '.');
        AsmVisitorWrapper advice = switch (name) {
            case AgentInstaller.PG_STATEMENT -> statement;
            case AgentInstaller.PG_PREPARED_STATEMENT -> prepared;
            case AgentInstaller.PG_CONNECTION -> connection;
            case AgentInstaller.PG_DRIVER -> driver;
            default -> null;
        };
        if (advice == null) {
            return null;
        }
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                            : ClassFileLocator.ForClassLoader.of(loader));
            TypeDescription type = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
                    locator, TypePool.Default.ReaderMode.FAST).describe(name).resolve();
            for (ElementMatcher<MethodDescription> method : required(name)) {
                if (type.getDeclaredMethods().filter(method).isEmpty()) {
                    throw new IllegalStateException(name + " has no method " + method + ": this pgjdbc version is "
                            + "not one the pgsafe agent knows how to hook");
                }
            }
            byte[] transformed = byteBuddy.redefine(type, locator)
                    .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED).visit(advice).make().getBytes();
            hooks.transformed(name, loader);
            return transformed;
        } catch (Throwable e) {
            // Never thrown into the JVM (it would be swallowed there): recorded, logged, and the self-check at
            // Driver.connect refuses connections in enforce mode.
            hooks.failed(name, loader, e);
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        return transform(null, loader, internalName, classBeingRedefined, protectionDomain, bytes);
    }
}
