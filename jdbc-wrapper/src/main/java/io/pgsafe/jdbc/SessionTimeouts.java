package io.pgsafe.jdbc;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.model.LockMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code lock_timeout}/{@code statement_timeout} pair one guarded statement runs under, and how it is put on
 * a session and taken off again. Always separate statements on the connection, never spliced into the user's
 * SQL (that breaks CONCURRENTLY, pgjdbc's statement cache and generated keys).
 *
 * <p>In a transaction the values are set with {@code set_config(…, true)} ({@code SET LOCAL}): they cannot outlive
 * the transaction, also behind a transaction-mode pooler. {@code SET LOCAL} lasts until the transaction ends, so
 * after the statement the values read before are set back the same way. In autocommit the values are session
 * {@code SET}s, restored in a {@code finally}, so a pooled connection never keeps pgsafe's values.
 *
 * @param lockMillis      the {@code lock_timeout} to use
 * @param statementMillis the {@code statement_timeout} to use (0: none), or -1 to leave it as it is
 */
record SessionTimeouts(long lockMillis, long statementMillis) {

    /**
     * By lock class (DESIGN section 2): SHARE or stronger gets the short lock and statement timeouts; work that is
     * long by design under a weak lock gets the long lock timeout and no statement timeout; other weak-lock DDL
     * gets the short lock timeout and keeps the session's statement timeout.
     */
    static SessionTimeouts forLock(PgSafeConfig config, LockMode lock, boolean longRunning) {
        if (longRunning) {
            return new SessionTimeouts(config.concurrentLockTimeout().toMillis(), 0);
        }
        if (lock != null && lock.isAtLeast(LockMode.SHARE)) {
            return new SessionTimeouts(config.lockTimeout().toMillis(), config.statementTimeout().toMillis());
        }
        return new SessionTimeouts(config.lockTimeout().toMillis(), -1);
    }

    /** The session's values before pgsafe changed them, as {@code current_setting} spells them. */
    record Previous(String lockTimeout, String statementTimeout, boolean local) {
    }

    /** Reads the current values and sets these, in one round trip; the subquery is evaluated first (OFFSET 0). */
    Previous apply(Connection connection, boolean local) throws SQLException {
        String statementValue = statementMillis < 0 ? "o.st" : "'" + statementMillis + "ms'";
        String sql = "select o.lt, o.st, set_config('lock_timeout', '" + lockMillis + "ms', " + local + "), "
                + "set_config('statement_timeout', " + statementValue + ", " + local + ") from (select "
                + "current_setting('lock_timeout') lt, current_setting('statement_timeout') st offset 0) o";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new Previous(rs.getString(1), rs.getString(2), local);
        }
    }

    static void restore(Connection connection, Previous previous) throws SQLException {
        String sql = "select set_config('lock_timeout', " + literal(previous.lockTimeout()) + ", " + previous.local()
                + "), set_config('statement_timeout', " + literal(previous.statementTimeout()) + ", "
                + previous.local() + ")";
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
