package io.pgsafe.sample;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The demo's console: everything else is silenced (Spring Boot's logging system is switched off for the demo), and
 * pgsafe's log lines ({@code io.pgsafe}, DEBUG for the guarded statements) and Flyway's "Migrating … to version"
 * lines are printed as they happen, indented, and counted.
 */
final class DemoLog extends AppenderBase<ILoggingEvent> {
    private static final Pattern FLYWAY_VERSION = Pattern.compile("to version \"([^\"]+)\"(.*)");

    private final PrintStream out;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile boolean quiet;

    private DemoLog(PrintStream out) {
        this.out = out;
    }

    static DemoLog install(PrintStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        // Tomcat and Liquibase log through java.util.logging: route it here too, where it is switched off.
        java.util.logging.LogManager.getLogManager().reset();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        DemoLog log = new DemoLog(out);
        log.setContext(context);
        log.setName("pgsafe-demo");
        log.start();
        attach(context, "io.pgsafe", Level.DEBUG, log);
        attach(context, "io.pgsafe.spring", Level.WARN, log);
        attach(context, "org.flywaydb.core.internal.command.DbMigrate", Level.INFO, log);
        return log;
    }

    private static void attach(LoggerContext context, String name, Level level, DemoLog log) {
        Logger logger = context.getLogger(name);
        logger.setLevel(level);
        logger.setAdditive(false);
        if (logger.getAppender(log.getName()) == null) {
            logger.addAppender(log);
        }
    }

    /** While quiet, lines are counted but not printed (the load scene's chatter). */
    void quiet(boolean value) {
        quiet = value;
    }

    int count(String kind) {
        AtomicInteger count = counts.get(kind);
        return count == null ? 0 : count.get();
    }

    void resetCounts() {
        counts.clear();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (event.getLoggerName().startsWith("org.flywaydb")) {
            Matcher version = FLYWAY_VERSION.matcher(message);
            if (version.find()) {
                print("  Flyway  V" + version.group(1) + version.group(2));
            }
            return;
        }
        String kind = kind(message);
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        print("          " + message);
    }

    private void print(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    static String kind(String message) {
        if (message.startsWith("pgsafe blocked")) {
            return "blocked";
        } else if (message.startsWith("pgsafe rewrote")) {
            return "rewrote";
        } else if (message.startsWith("pgsafe warned")) {
            return "warned";
        } else if (message.startsWith("pgsafe retry")) {
            return "retry";
        } else if (message.startsWith("pgsafe guarded")) {
            return "guarded";
        } else if (message.startsWith("pgsafe allowed")) {
            return "allowed";
        }
        return "other";
    }
}
