package io.pgsafe.jdbc.telemetry;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.jdbc.monitor.LockMonitor;
import io.pgsafe.jdbc.monitor.MonitorConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application connection's telemetry: its {@link LockMonitor} (opened at its first guarded statement), the
 * connection-level span attributes, and the SHARE-or-stronger locks DDL took in the open transaction, which are
 * reported ({@code pgsafe.lock.held_ms}, and over {@code pgsafe.max-lock-hold} a WARN line, a
 * {@code pgsafe.lock.held_too_long} event and a meter) when the transaction ends. Created only when a DDL
 * statement is decided, so a connection that never runs DDL never has one. Used by one thread at a time, as
 * its connection.
 */
public final class SessionTelemetry implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("io.pgsafe");
    private static final int MAX_STATEMENTS_AFTER = 8;

    private final Connection session;
    private final PgSafeConfig config;
    private final String delivery;
    private final MonitorConnectionFactory monitorFactory;
    private final Telemetry.Spans spans;
    private LockMonitor monitor;
    private int pid = -1;
    private Map<String, Object> connectionAttributes;
    private final List<Hold> holds = new ArrayList<>(1);
    private final List<String> statementsAfter = new ArrayList<>();
    private final List<Integer> repeats = new ArrayList<>();
    private int statementsAfterCount;
    private int statementsDropped;

    private record Hold(GuardRecord record, long sinceNanos, long endEpochNanos) {
    }

    private SessionTelemetry(Connection session, PgSafeConfig config, String delivery, MonitorConnectionFactory f) {
        this.session = session;
        this.config = config;
        this.delivery = delivery;
        this.monitorFactory = f;
        this.spans = Telemetry.spans(session == null ? Connection.class : session.getClass());
    }

    /**
     * @param session        pgjdbc's connection (the DDL's backend)
     * @param delivery       {@code wrapper} or {@code agent}
     * @param monitorFactory opens the monitor's own connection; null when there is none
     */
    public static SessionTelemetry create(Connection session, PgSafeConfig config, String delivery,
                                          MonitorConnectionFactory monitorFactory) {
        return new SessionTelemetry(session, config, delivery, monitorFactory);
    }

    String delivery() {
        return delivery;
    }

    /** A record (and span) for a guarded, rewritten or blocked statement; null for Allow. */
    public GuardRecord start(Decision decision, String sql) {
        ParsedStatement statement;
        QualifiedName table;
        LockMode lock;
        List<Finding> findings = new ArrayList<>();
        if (decision instanceof Decision.Guard g) {
            statement = g.statement();
            table = g.table();
            lock = g.lock();
            findings.addAll(g.warnings());
            g.allowed().forEach(a -> findings.add(a.finding()));
        } else if (decision instanceof Decision.Rewrite r) {
            statement = r.statement();
            table = r.table();
            lock = r.originalLock();
            findings.addAll(r.findings());
        } else if (decision instanceof Decision.Block b) {
            statement = b.statement();
            findings.addAll(b.findings());
            table = findings.isEmpty() ? null : findings.get(0).table();
            lock = findings.isEmpty() ? null : findings.get(0).lock();
        } else {
            return null;
        }
        connectionAttributes(new LinkedHashMap<>()); // before the statement runs, while the session is healthy
        String summary = statement == null ? "DDL" : statement.summary();
        List<String> ruleIds = findings.stream().map(Finding::ruleId).distinct().toList();
        return new GuardRecord(this, spans.start(summary), Telemetry.meters(), false, summary,
                table == null ? null : table.toString(), sql, decision.action(), ruleIds, lock);
    }

    /** Starts the lock monitor's watch of this session's backend for one attempt of {@code record}. */
    public LockMonitor.Watch watch(GuardRecord record, ParsedStatement parsed) {
        if (!config.monitor()) {
            return LockMonitor.Watch.NONE;
        }
        if (monitor == null) {
            monitor = LockMonitor.create(monitorFactory, config.monitorInterval());
        }
        if (!monitor.available()) {
            return LockMonitor.Watch.NONE;
        }
        return monitor.watch(pid(), progressView(parsed), record::progress);
    }

    private static String progressView(ParsedStatement parsed) {
        if (parsed instanceof ParsedStatement.CreateIndex || parsed instanceof ParsedStatement.Reindex) {
            return "pg_stat_progress_create_index";
        }
        if (parsed instanceof ParsedStatement.Cluster
                || (parsed instanceof ParsedStatement.Vacuum v && v.full())) {
            return "pg_stat_progress_cluster";
        }
        return null;
    }

    private int pid() {
        if (pid < 0) {
            try {
                pid = backendPid(session);
            } catch (SQLException | RuntimeException | LinkageError e) {
                pid = 0;
            }
        }
        return pid;
    }

    /**
     * pgjdbc's {@code getBackendPID()}, called reflectively on pgjdbc's own connection first: under the agent this
     * class lives in the agent's loader, which may not see pgjdbc (Spring Boot's {@code LaunchedClassLoader}, an
     * app server's loader), so naming {@code PGConnection} there fails with {@code NoClassDefFoundError}. A pool's
     * proxy (the wrapper over HikariCP) is unwrapped through the typed interface.
     */
    private static int backendPid(Connection session) throws SQLException {
        try {
            java.lang.reflect.Method method = session.getClass().getMethod("getBackendPID");
            return (Integer) method.invoke(session);
        } catch (NoSuchMethodException | IllegalAccessException | java.lang.reflect.InvocationTargetException e) {
            return session.isWrapperFor(PGConnection.class) ? session.unwrap(PGConnection.class).getBackendPID() : 0;
        }
    }

    /** db.namespace ({database}|{schema}), server.address, server.port: read once per connection. */
    void connectionAttributes(Map<String, Object> into) {
        if (connectionAttributes == null) {
            Map<String, Object> a = new LinkedHashMap<>();
            try {
                String database = session.getCatalog();
                String schema = session.getSchema();
                if (database != null) {
                    a.put("db.namespace", schema == null ? database : database + "|" + schema);
                }
            } catch (SQLException | RuntimeException e) {
                // leave it out
            }
            try {
                hostAndPort(session.getMetaData().getURL(), a);
            } catch (SQLException | RuntimeException e) {
                // leave it out
            }
            connectionAttributes = a;
        }
        into.putAll(connectionAttributes);
    }

    /** Host and port only: never the user info or the parameters (which may hold a password). */
    static void hostAndPort(String url, Map<String, Object> into) {
        if (url == null) {
            return;
        }
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return;
        }
        int end = slashes + 2;
        while (end < url.length() && "/?".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(slashes + 2, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int comma = authority.indexOf(',');
        if (comma >= 0) {
            authority = authority.substring(0, comma);
        }
        String host = authority;
        long port = 5432;
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && authority.indexOf(']') < colon) {
            host = authority.substring(0, colon);
            try {
                port = Long.parseLong(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 5432;
            }
        }
        if (!host.isEmpty()) {
            into.put("server.address", host);
            into.put("server.port", port);
        }
    }

    void hold(GuardRecord record, long endEpochNanos) {
        holds.add(new Hold(record, System.nanoTime(), endEpochNanos));
    }

    /** Whether DDL in the open transaction holds a SHARE-or-stronger lock (statements after it are noted). */
    public boolean holding() {
        return !holds.isEmpty();
    }

    /** A statement that ran while a lock was held: its summary only, never its text or values. */
    public void statementAfterLock(String sql) {
        statementsAfterCount++;
        String summary = summarize(sql);
        int last = statementsAfter.size() - 1;
        if (last >= 0 && statementsAfter.get(last).equals(summary)) {
            repeats.set(last, repeats.get(last) + 1);
        } else if (statementsAfter.size() < MAX_STATEMENTS_AFTER) {
            statementsAfter.add(summary);
            repeats.add(1);
        } else {
            statementsDropped++;
        }
    }

    /** {@code UPDATE accounts}, {@code INSERT accounts}, {@code SELECT PG_SLEEP}: operation and target only. */
    static String summarize(String sql) {
        String summary;
        try {
            ParsedStatement parsed = DdlParser.parse(sql);
            summary = parsed == null ? null : parsed.summary();
        } catch (RuntimeException e) {
            summary = null;
        }
        if (summary != null && summary.equalsIgnoreCase("INSERT INTO")) {
            String[] words = SqlSanitizer.strip(sql, 200).split("[\\s(]+");
            for (int i = 0; i + 2 < words.length; i++) {
                if (words[i].equalsIgnoreCase("insert") && words[i + 1].equalsIgnoreCase("into")) {
                    return "INSERT " + words[i + 2];
                }
            }
        }
        if (summary == null || summary.isBlank()) {
            String stripped = SqlSanitizer.strip(sql, 40);
            int space = stripped.indexOf(' ');
            summary = (space < 0 ? stripped : stripped.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
        }
        return summary;
    }

    private String statementsAfterText() {
        if (statementsAfter.isEmpty()) {
            return "no statements";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < statementsAfter.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(statementsAfter.get(i));
            if (repeats.get(i) > 1) {
                out.append(" x").append(repeats.get(i));
            }
        }
        if (statementsDropped > 0) {
            out.append(" and ").append(statementsDropped).append(" more");
        }
        return out.toString();
    }

    /** COMMIT, ROLLBACK, a change of autocommit, or close: reports the held locks and ends their spans. */
    public void transactionEnded(String how) {
        if (holds.isEmpty()) {
            clearStatementsAfter();
            return;
        }
        long now = System.nanoTime();
        long max = config.maxLockHold().toMillis();
        String after = statementsAfterText();
        for (Hold hold : holds) {
            GuardRecord r = hold.record();
            long heldMs = TimeUnit.NANOSECONDS.toMillis(now - hold.sinceNanos());
            r.held(heldMs);
            boolean tooLong = max > 0 && heldMs > max;
            String table = r.table == null ? "unknown" : r.table;
            if (tooLong) {
                LOG.warn("pgsafe lock held too long: {} on {} stayed held {} ms after {} until {} (pgsafe.max-lock-hold "
                        + "{} ms), by {} statement(s) after it: {}. Commit right after the DDL, and backfill in "
                        + "batches in separate transactions", r.lock.asPhrase(), table, heldMs, r.summary, how, max,
                        statementsAfterCount, after);
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("db.collection.name", table);
                attributes.put("pgsafe.lock.mode", r.lock.sqlName());
                attributes.put("pgsafe.lock.held_ms", heldMs);
                attributes.put("pgsafe.max_lock_hold_ms", max);
                attributes.put("pgsafe.transaction.end", how);
                attributes.put("pgsafe.statements_after", after);
                r.event("pgsafe.lock.held_too_long", attributes);
            }
            Telemetry.meters().held(heldMs, table, tooLong);
            r.finish(hold.endEpochNanos());
        }
        holds.clear();
        clearStatementsAfter();
    }

    private void clearStatementsAfter() {
        statementsAfter.clear();
        repeats.clear();
        statementsAfterCount = 0;
        statementsDropped = 0;
    }

    /** Called when the guarded connection closes: a held lock ends with the implicit rollback. */
    @Override
    public void close() {
        try {
            transactionEnded("close");
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }
}
