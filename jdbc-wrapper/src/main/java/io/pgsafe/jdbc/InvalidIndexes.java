package io.pgsafe.jdbc;

import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.ParsedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A failed or cancelled {@code CREATE INDEX CONCURRENTLY} leaves its index behind, INVALID: still maintained on
 * every write, never used by a query, and in the way of the retry
 * (<a href="https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY">docs</a>).
 * It is dropped before the retry or the error, and the error says so.
 */
final class InvalidIndexes {
    private static final String MARK = "pgsafe dropped the INVALID index ";

    private InvalidIndexes() {
    }

    /**
     * Drops the index a failed concurrent build named in {@code parsed} left INVALID, found in pg_index. Never when
     * the build failed because the name was taken (42P07): that index is someone else's.
     */
    static void dropLeftBy(Connection session, ParsedStatement parsed, SQLException failure) {
        if (!(parsed instanceof ParsedStatement.CreateIndex index) || !index.concurrently() || index.name() == null
                || index.table() == null || isDuplicate(failure)) {
            return;
        }
        String name = index.table().schema() == null ? Identifiers.quoteIfNeeded(index.name())
                : Identifiers.quoteIfNeeded(index.table().schema()) + "." + Identifiers.quoteIfNeeded(index.name());
        try {
            String invalid = null;
            try (PreparedStatement find = session.prepareStatement("select i.indexrelid::regclass::text from pg_index i "
                    + "where i.indexrelid = to_regclass(?) and not i.indisvalid")) {
                find.setString(1, name);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        invalid = rs.getString(1);
                    }
                }
            }
            if (invalid == null) {
                return;
            }
            String drop = "DROP INDEX CONCURRENTLY IF EXISTS " + invalid;
            try (Statement statement = session.createStatement()) {
                statement.execute(drop);
            }
            PgSafeLog.LOG.warn("{}{} left by the failed build ({})", MARK, invalid, drop);
            failure.addSuppressed(new SQLException(MARK + invalid + ": " + drop));
        } catch (SQLException e) {
            // Typically the session itself is gone (backend terminated, server restarted): the build may have left
            // an INVALID index that only a new connection can drop. The error carries the statement to run.
            String cleanup = "DROP INDEX CONCURRENTLY IF EXISTS " + name;
            PgSafeLog.LOG.warn("pgsafe could not check for or drop an INVALID index {} the failed concurrent build may "
                    + "have left ({}); if it is there, drop it with {}", name, e.getMessage(), cleanup);
            SQLException report = new SQLException("pgsafe could not check for or drop an INVALID index " + name
                    + " the failed concurrent build may have left (" + e.getMessage() + "); if it is there, run: "
                    + cleanup, e.getSQLState(), e);
            failure.addSuppressed(report);
        }
    }

    /** The DROP INDEX statement that removed an invalid index after this failure, or null. */
    static String lastDropped(SQLException failure) {
        for (Throwable suppressed : failure.getSuppressed()) {
            String message = suppressed.getMessage();
            if (message != null && message.startsWith(MARK)) {
                return message.substring(message.indexOf(": ") + 2);
            }
        }
        return null;
    }

    static boolean isDuplicate(SQLException failure) {
        return "42P07".equals(failure.getSQLState()) || "42710".equals(failure.getSQLState());
    }
}
