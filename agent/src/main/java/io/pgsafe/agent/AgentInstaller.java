package io.pgsafe.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pgsafe.agent.bootstrap.PgSafeBridge;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.jdbc.AgentSupport;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.MethodGraph;

/** Reads the configuration, installs the hooks into pgjdbc and writes the one start-up line. */
final class AgentInstaller {
    static final String PG_STATEMENT = "org.postgresql.jdbc.PgStatement";
    static final String PG_CONNECTION = "org.postgresql.jdbc.PgConnection";
    static final String PG_DRIVER = "org.postgresql.Driver";

    private AgentInstaller() {
    }

    static void install(String arguments, Instrumentation instrumentation, String how, long startedNanos) {
        System.Logger log = System.getLogger("io.pgsafe");
        Map<String, String> agentArguments = AgentArguments.parse(arguments);
        AgentSupport support;
        try {
            support = AgentSupport.start(agentArguments);
        } catch (PgSafeConfigException e) {
            // A bad value fails at start-up with the key and the accepted values (DESIGN section 4).
            throw new IllegalArgumentException("pgsafe agent: " + e.getMessage(), e);
        }
        PgSafeConfig config = support.config();
        String version = version();
        if (config.mode() == Mode.OFF) {
            log.log(System.Logger.Level.INFO, "pgsafe agent {0}: pgsafe.mode=off (from {1}): no instrumentation at all",
                    version, config.origin("pgsafe.mode").orElse("defaults"));
            return;
        }
        Hooks hooks = new Hooks(support);
        PgSafeBridge.install(hooks);

        new AgentBuilder.Default(new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(hooks.transformations())
                .type(named(PG_STATEMENT))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(AgentInstaller.class.getClassLoader())
                        .advice(named("executeCachedSql").and(takesArguments(String.class, int.class, String[].class)),
                                Advices.ExecuteCachedSql.class.getName())
                        .advice(named("addBatch").and(takesArguments(String.class)), Advices.AddBatch.class.getName()))
                .type(named(PG_CONNECTION))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(AgentInstaller.class.getClassLoader())
                        .advice(named("borrowQuery").and(takesArguments(String.class))
                                        .or(named("borrowCallableQuery").and(takesArguments(String.class)))
                                        .or(named("borrowReturningQuery").and(takesArguments(String.class, String[].class))),
                                Advices.Prepare.class.getName()))
                .type(named(PG_DRIVER))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(AgentInstaller.class.getClassLoader())
                        .advice(named("connect").and(takesArguments(String.class, Properties.class)),
                                Advices.Connect.class.getName()))
                .installOn(instrumentation);

        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        log.log(System.Logger.Level.INFO, "pgsafe agent {0} ({1}, {2} ms): pgsafe.mode={3} (from {4}); {5}; hooks "
                        + "PgStatement.executeCachedSql/addBatch, PgConnection.borrow*Query, Driver.connect",
                version, how, millis, config.mode().name().toLowerCase(java.util.Locale.ROOT),
                config.origin("pgsafe.mode").orElse("defaults"), config.describe());
    }

    static String version() {
        String version = AgentInstaller.class.getPackage().getImplementationVersion();
        return version == null ? "(dev)" : version;
    }
}
