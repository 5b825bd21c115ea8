package io.pgsafe.jdbc.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/** Small helpers for the fault tests: polling the server, terminating backends, reading an error's whole story. */
final class Faults {
    private Faults() {
    }

    /** Polls until the condition holds, failing after {@code seconds}. */
    static void await(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static BooleanSupplier never() {
        return () -> false;
    }

    /** Whether the backend waits on a heavyweight lock (pg_stat_activity, seen from {@code admin}). */
    static boolean waitingOnLock(Connection admin, int pid) throws SQLException {
        return "Lock".equals(string(admin, "select wait_event_type from pg_stat_activity where pid = ?", pid));
    }

    static String state(Connection admin, int pid) throws SQLException {
        return string(admin, "select state from pg_stat_activity where pid = ?", pid);
    }

    static boolean terminate(Connection admin, int pid) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("select pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The pid of the (single) backend with this application_name in the current database, or -1. */
    static int pidOf(Connection admin, String applicationName) throws SQLException {
        String pid = string(admin, "select pid::text from pg_stat_activity where application_name = ? "
                + "and datname = current_database() limit 1", applicationName);
        return pid == null ? -1 : Integer.parseInt(pid);
    }

    static String string(Connection admin, String sql, Object parameter) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The message of the exception, its causes and everything suppressed, for assertions on what a user reads. */
    static String story(Throwable e) {
        StringBuilder out = new StringBuilder();
        story(e, out, 0);
        return out.toString();
    }

    private static void story(Throwable e, StringBuilder out, int depth) {
        if (e == null || depth > 8) {
            return;
        }
        out.append(e.getClass().getSimpleName());
        if (e instanceof SQLException sql) {
            out.append('[').append(sql.getSQLState()).append(']');
        }
        out.append(": ").append(e.getMessage()).append('\n');
        for (Throwable s : e.getSuppressed()) {
            out.append("  suppressed ");
            story(s, out, depth + 1);
        }
        if (e.getCause() != null && e.getCause() != e) {
            out.append("  cause ");
            story(e.getCause(), out, depth + 1);
        }
    }

    /** A connection-loss SQLSTATE: 57P01 (admin shutdown/terminate) or class 08 (connection exception). */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.startsWith("08"));
    }
}
