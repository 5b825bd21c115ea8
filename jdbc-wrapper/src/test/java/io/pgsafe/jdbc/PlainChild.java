package io.pgsafe.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run by {@link OtelAgentTest} in a child JVM whose classpath has neither io.opentelemetry nor Micrometer: a
 * guarded DDL, a lock held in a transaction and a blocked statement must work as usual. Arguments: URL, user,
 * password, table.
 */
public final class PlainChild {
    private PlainChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + args[3] + " ADD COLUMN note text");
            c.setAutoCommit(false);
            s.execute("ALTER TABLE " + args[3] + " ADD COLUMN other text");
            s.execute("select pg_sleep(0.2)");
            c.commit();
            try {
                s.execute("DROP TABLE " + args[3]);
                System.out.println("NOT BLOCKED");
            } catch (UnsafeStatementException expected) {
                System.out.println("PLAIN_OK tracing=" + io.pgsafe.jdbc.telemetry.PgSafeTelemetry.tracingAvailable()
                        + " metrics=" + io.pgsafe.jdbc.telemetry.PgSafeTelemetry.metricsAvailable());
            }
        }
    }
}
