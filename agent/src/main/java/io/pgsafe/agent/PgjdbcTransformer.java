package io.pgsafe.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the {@link Advices} into pgjdbc's three hooked classes with Byte Buddy's {@code Advice}, the way
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
    private final Hooks hooks;
    private final ByteBuddy byteBuddy;
    private final AsmVisitorWrapper statement;
    private final AsmVisitorWrapper connection;
    private final AsmVisitorWrapper driver;

    PgjdbcTransformer(Hooks hooks) {
        this.hooks = hooks;
        this.byteBuddy = new ByteBuddy()
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(InstrumentedType.Factory.Default.FROZEN)
                .with(VisibilityBridgeStrategy.Default.NEVER);
        ClassFileLocator own = ClassFileLocator.ForClassLoader.of(PgjdbcTransformer.class.getClassLoader());
        this.statement = new AsmVisitorWrapper.Compound(
                Advice.to(Advices.ExecuteCachedSql.class, own).on(named("executeCachedSql")
                        .and(takesArguments(String.class, int.class, String[].class))),
                Advice.to(Advices.AddBatch.class, own).on(named("addBatch").and(takesArguments(String.class))));
        this.connection = Advice.to(Advices.Prepare.class, own).on(
                named("borrowQuery").and(takesArguments(String.class))
                        .or(named("borrowCallableQuery").and(takesArguments(String.class)))
                        .or(named("borrowReturningQuery").and(takesArguments(String.class, String[].class))));
        this.driver = Advice.to(Advices.Connect.class, own).on(named("connect")
                .and(takesArguments(String.class, Properties.class)));
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        String name = internalName.replace('/', '.');
        AsmVisitorWrapper advice = switch (name) {
            case AgentInstaller.PG_STATEMENT -> statement;
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
