package io.pgsafe.agent;

import io.pgsafe.agent.bootstrap.PgSafeBridge;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.jdbc.AgentSupport;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration (synchronously: a bad value stops the JVM at start-up), installs the hooks into pgjdbc and
 * writes the one start-up line. Under premain, Byte Buddy is prepared on a background thread while the application
 * starts; a pgjdbc class that loads before it is ready waits for it ({@link DeferredTransformer}).
 */
final class AgentInstaller {
    static final String PG_STATEMENT = "org.postgresql.jdbc.PgStatement";
    static final String PG_PREPARED_STATEMENT = "org.postgresql.jdbc.PgPreparedStatement";
    static final String PG_CONNECTION = "org.postgresql.jdbc.PgConnection";
    static final String PG_DRIVER = "org.postgresql.Driver";
    private static final System.Logger LOG = System.getLogger("io.pgsafe");

    private AgentInstaller() {
    }

    static void install(String arguments, Instrumentation instrumentation, String how, long startedNanos) {
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
        String modeOrigin = config.origin("pgsafe.mode").orElse("default");
        if (config.mode() == Mode.OFF) {
            LOG.log(System.Logger.Level.INFO, "pgsafe agent " + version + ": pgsafe.mode=off (from " + modeOrigin
                    + "): no instrumentation at all");
            return;
        }
        long configured = System.nanoTime();
        Hooks hooks = new Hooks(support);
        PgSafeBridge.install(hooks);
        DeferredTransformer deferred = new DeferredTransformer();
        instrumentation.addTransformer(deferred, true);
        Runnable prepare = () -> {
            long begun = System.nanoTime();
            try {
                deferred.ready(transformer(hooks));
            } catch (Throwable e) {
                deferred.ready(null);
                LOG.log(System.Logger.Level.ERROR, "pgsafe agent: could not prepare its hooks into pgjdbc; "
                        + "connections through pgjdbc are refused in enforce mode", e);
                return;
            }
            retransformLoaded(instrumentation, hooks);
            long done = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, "pgsafe agent " + version + " (" + how + "; configuration "
                    + (configured - startedNanos) / 1_000_000 + " ms on the start-up thread, hooks "
                    + (done - begun) / 1_000_000 + " ms" + ("premain".equals(how) ? " in the background" : "")
                    + "): pgsafe.mode=" + config.mode().name().toLowerCase(Locale.ROOT) + " (from " + modeOrigin
                    + "); " + config.describe() + "; hooks PgStatement.executeCachedSql/addBatch/executeBatch, "
                    + "PgPreparedStatement.executeWithFlags, "
                    + "PgConnection.borrow*Query, Driver.connect");
        };
        if ("premain".equals(how)) {
            Thread thread = new Thread(prepare, "pgsafe-agent-init");
            thread.setDaemon(true);
            thread.setContextClassLoader(AgentInstaller.class.getClassLoader());
            thread.start();
        } else {
            prepare.run();
        }
    }

    private static ClassFileTransformer transformer(Hooks hooks) {
        return new PgjdbcTransformer(hooks);
    }

    /** pgjdbc classes loaded before the hooks were ready (dynamic attach): retransformed in place. */
    private static void retransformLoaded(Instrumentation instrumentation, Hooks hooks) {
        List<Class<?>> pending = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName();
            if ((name.equals(PG_STATEMENT) || name.equals(PG_PREPARED_STATEMENT) || name.equals(PG_CONNECTION)
                    || name.equals(PG_DRIVER))
                    && !hooks.isHooked(type.getClassLoader(), name)) {
                pending.add(type);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(pending.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.ERROR, "pgsafe agent: could not retransform the pgjdbc classes loaded "
                    + "before it started: " + pending, e);
        }
    }

    static String version() {
        String version = AgentInstaller.class.getPackage().getImplementationVersion();
        return version == null ? "(dev)" : version;
    }
}
