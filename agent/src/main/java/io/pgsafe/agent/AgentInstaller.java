package io.pgsafe.agent;

import io.pgsafe.agent.bootstrap.PgSafeBridge;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.jdbc.AgentSupport;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Reads the configuration (synchronously: a bad value stops the JVM at start-up), installs the hooks into pgjdbc and
 * writes the one start-up line. Under premain, a background thread loads the rule catalog while the start-up thread
 * reads the configuration, then warms the transformer up while the application starts; a pgjdbc class that loads
 * before it is ready waits for it ({@link DeferredTransformer}).
 */
final class AgentInstaller {
    static final String PG_STATEMENT = "org.postgresql.jdbc.PgStatement";
    static final String PG_PREPARED_STATEMENT = "org.postgresql.jdbc.PgPreparedStatement";
    static final String PG_CONNECTION = "org.postgresql.jdbc.PgConnection";
    static final String PG_DRIVER = "org.postgresql.Driver";
    /**
     * Looked up in premain, although that initializes {@code java.util.logging} on the start-up thread: JUL holds its
     * loggers weakly, so a level the application sets on {@code io.pgsafe} before pgsafe logs anything (Liquibase's
     * {@code --log-channels=liquibase,io.pgsafe}) would be lost with the logger when it is collected. Looked up
     * lazily, the Liquibase test lost pgsafe's lines.
     */
    private static final System.Logger LOG = System.getLogger("io.pgsafe");

    private AgentInstaller() {
    }

    static void install(String arguments, Instrumentation instrumentation, String how, long startedNanos) {
        boolean premain = "premain".equals(how);
        DeferredTransformer deferred = new DeferredTransformer();
        HooksHandoff hooksReady = new HooksHandoff();
        long[] prepareMillis = new long[1];
        Runnable prepare = () -> {
            long begun = System.nanoTime();
            PgjdbcTransformer transformer;
            try {
                if (premain) {
                    // Under premain, while the start-up thread reads the configuration (which needs the rule ids,
                    // and so waits here for the catalog, loading the configuration's own classes meanwhile):
                    // the rule catalog, the hot path's classifier, and one whole transformation, off the
                    // application's path.
                    RuleCatalog.all();
                    StatementClassifier.classify("select 1");
                }
                transformer = new PgjdbcTransformer();
                if (premain) {
                    transformer.warmUp();
                }
            } catch (Throwable e) {
                deferred.ready(null);
                LOG.log(System.Logger.Level.ERROR, "pgsafe agent: could not prepare its hooks into pgjdbc; "
                        + "connections through pgjdbc are refused in enforce mode", e);
                return;
            }
            prepareMillis[0] = (System.nanoTime() - begun) / 1_000_000;
            Hooks hooks = hooksReady.join();
            if (hooks == null) {
                deferred.ready(null); // pgsafe.mode=off
                return;
            }
            transformer.hooks(hooks);
            deferred.ready(transformer);
            retransformLoaded(instrumentation, hooks);
        };
        Thread background = null;
        if (premain) {
            instrumentation.addTransformer(deferred, true);
            background = new Thread(prepare, "pgsafe-agent-init");
            background.setDaemon(true);
            background.setContextClassLoader(AgentInstaller.class.getClassLoader());
            background.start();
        }
        Map<String, String> agentArguments = AgentArguments.parse(arguments);
        AgentSupport support;
        try {
            if (premain) {
                // The configuration's own classes load here while the background thread loads the rule catalog;
                // the configuration itself then only waits for the rest of the catalog (docs/agent.md, "Start-up
                // cost").
                PgSafeConfig.defaults();
            }
            support = AgentSupport.start(agentArguments);
        } catch (PgSafeConfigException e) {
            // A bad value fails at start-up with the key and the accepted values (DESIGN section 4).
            hooksReady.complete(null);
            throw new IllegalArgumentException("pgsafe agent: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            hooksReady.complete(null);
            throw e;
        }
        PgSafeConfig config = support.config();
        String version = version();
        String modeOrigin = config.origin("pgsafe.mode").orElse("default");
        if (config.mode() == Mode.OFF) {
            hooksReady.complete(null);
            instrumentation.removeTransformer(deferred);
            LOG.log(System.Logger.Level.INFO, "pgsafe agent " + version + ": pgsafe.mode=off (from " + modeOrigin
                    + "): no instrumentation at all");
            return;
        }
        long configured = System.nanoTime();
        Hooks hooks = new Hooks(support);
        PgSafeBridge.install(hooks);
        hooksReady.complete(hooks);
        if (!premain) {
            instrumentation.addTransformer(deferred, true);
            prepare.run();
        }
        Runnable report = () -> LOG.log(System.Logger.Level.INFO, "pgsafe agent " + version + " (" + how
                + "; configuration " + (configured - startedNanos) / 1_000_000 + " ms on the start-up thread, hooks "
                + prepareMillis[0] + " ms" + (premain ? " in the background" : "")
                + "): pgsafe.mode=" + config.mode().name().toLowerCase(Locale.ROOT) + " (from " + modeOrigin
                + "); " + config.describe() + "; hooks PgStatement.executeCachedSql/addBatch/executeBatch, "
                + "PgPreparedStatement.executeWithFlags, PgConnection.borrow*Query, Driver.connect");
        if (background == null) {
            report.run();
        } else {
            Thread waiting = background;
            Thread reporter = new Thread(() -> {
                try {
                    waiting.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                report.run();
            }, "pgsafe-agent-report");
            reporter.setDaemon(true);
            reporter.start();
        }
    }

    /**
     * The start-up thread's answer to the background thread: the hooks, or null when there are none (mode off, a
     * bad configuration). A latch rather than a {@code CompletableFuture}, whose class initializes the common
     * {@code ForkJoinPool} on the start-up thread.
     */
    private static final class HooksHandoff {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Hooks hooks;

        synchronized void complete(Hooks value) {
            if (done.getCount() > 0) {
                hooks = value;
                done.countDown();
            }
        }

        Hooks join() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return hooks;
        }
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
