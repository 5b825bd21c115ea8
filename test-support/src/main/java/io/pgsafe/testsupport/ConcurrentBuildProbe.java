package io.pgsafe.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Proves from the server's side that a migration built an index CONCURRENTLY: a writer holds an open transaction
 * that inserted into the table, the migration runs in the background, and pg_stat_activity must show the build
 * waiting for that writer with the text {@code CREATE INDEX CONCURRENTLY …} (a plain CREATE INDEX would show its
 * own text). Then the writer commits and the migration must finish.
 */
public final class ConcurrentBuildProbe {
    private ConcurrentBuildProbe() {
    }

    public interface Migration {
        void run() throws Exception;
    }

    /** @return the text of the CREATE INDEX the server saw waiting */
    public static String runWhileAWriterIsOpen(TestDatabase db, String table, Migration migration) throws Exception {
        try (Connection writer = db.connect(); Connection observer = db.connect()) {
            writer.setAutoCommit(false);
            try (Statement w = writer.createStatement()) {
                w.execute("insert into " + table + " (id, customer) values (-1, 1)");
            }
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    migration.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            String seen;
            try {
                seen = awaitWaitingCreateIndex(observer, done, Duration.ofSeconds(20));
            } finally {
                writer.commit();
            }
            done.get(60, TimeUnit.SECONDS);
            return seen;
        }
    }

    private static String awaitWaitingCreateIndex(Connection observer, CompletableFuture<Void> done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "select query from pg_stat_activity where datname = current_database() "
                            + "and wait_event_type = 'Lock' and query ilike 'create index%'")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            if (done.isDone()) {
                done.join(); // surfaces the migration's failure
                throw new AssertionError("the migration finished without waiting for the open writer");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no waiting CREATE INDEX seen in pg_stat_activity within " + timeout);
    }

    public static boolean indexIsValid(TestDatabase db, String index) throws Exception {
        return "true".equals(db.queryForString("select i.indisvalid::text from pg_index i "
                + "join pg_class c on c.oid = i.indexrelid where c.relname = ?", index));
    }
}
