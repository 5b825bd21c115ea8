package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@PostgresTest
class ConcurrentIndexRewriteTest {

    @Test
    void plainCreateIndexInAutocommitRunsConcurrentlyAndWaitsForAnOpenWriterWithoutBlockingIt(TestDatabase db)
            throws Exception {
        db.execute("create table orders (id bigint primary key, customer int)");
        db.execute("insert into orders select g, g % 100 from generate_series(1, 1000) g");
        try (Connection writer = db.connect(); Connection observer = db.connect();
             Connection app = PgSafeUrls.connect(db)) {
            writer.setAutoCommit(false);
            try (Statement w = writer.createStatement()) {
                w.execute("insert into orders values (100001, 1)");
            }
            CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
                try (Statement s = app.createStatement()) {
                    s.execute("CREATE INDEX orders_customer ON orders (customer)");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            String seen = awaitWaitingQuery(observer, Duration.ofSeconds(10));
            assertThat(seen).startsWith("CREATE INDEX CONCURRENTLY orders_customer");
            // The writer is not blocked by the build: it can still write, then commits and lets the build finish.
            try (Statement w = writer.createStatement()) {
                w.execute("insert into orders values (100002, 2)");
            }
            assertThat(ddl).isNotDone();
            writer.commit();
            ddl.get(30, TimeUnit.SECONDS);
        }
        assertThat(db.queryForString("select i.indisvalid::text from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where c.relname = 'orders_customer'")).isEqualTo("true");
    }

    private static String awaitWaitingQuery(Connection observer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "select query from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' "
                            + "and query ilike 'create index%'")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no waiting CREATE INDEX seen in pg_stat_activity within " + timeout);
    }
}
