package io.pgsafe.jdbc.monitor;

/**
 * A session the DDL waited for, as {@code pg_stat_activity} showed it.
 *
 * @param query the session's last query with literals removed ({@link io.pgsafe.jdbc.telemetry.SqlSanitizer}),
 *              truncated; empty when not visible to the monitor's role
 */
public record Blocker(int pid, String applicationName, String state, String query) {
    @Override
    public String toString() {
        return "pid " + pid + " (application_name '" + applicationName + "', " + state
                + (query.isEmpty() ? "" : ", last query: " + query) + ")";
    }
}
