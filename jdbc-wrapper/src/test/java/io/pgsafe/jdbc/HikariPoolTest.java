package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@PostgresTest
class HikariPoolTest {
    private static final int THREADS = 16;
    private static final int POOL_SIZE = 10;
    private static final Duration RUN = Duration.ofSeconds(10);

    @Test
    void sixteenThreadsMixingQueriesAndDdlOverHikariLeaveNoErrorNoConnectionAndNoSetting(TestDatabase db)
            throws Exception {
        String[] defaults = timeouts(db.connect(), true);
        int baseline = db.awaitBackendCount(0, Duration.ofSeconds(10)); // the closed one above may linger a moment
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong statements = new AtomicLong();
        AtomicLong ddl = new AtomicLong();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PgSafeUrls.url(db, ""));
        config.setDriverClassName(PgSafeDriver.class.getName());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long end = System.nanoTime() + RUN.toNanos();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                threads.submit(() -> {
                    try {
                        work(pool, id, end, statements, ddl);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(RUN.toSeconds() + 120, TimeUnit.SECONDS)).isTrue();
            System.out.println("pgsafe pool run: " + statements.get() + " statements, " + ddl.get() + " DDL, "
                    + errors.size() + " errors");
            assertThat(errors).as(errors.isEmpty() ? "" : errors.peek().toString()).isEmpty();
            assertThat(ddl.get()).isGreaterThan(THREADS);

            List<Connection> all = new ArrayList<>();
            try {
                for (int i = 0; i < POOL_SIZE; i++) {
                    all.add(pool.getConnection());
                }
                for (Connection connection : all) {
                    assertThat(timeouts(connection, false)).containsExactly(defaults);
                }
            } finally {
                for (Connection connection : all) {
                    connection.close();
                }
            }
        }
        assertThat(db.awaitBackendCount(baseline, Duration.ofSeconds(10))).isEqualTo(baseline);
    }

    private static void work(HikariDataSource pool, int id, long end, AtomicLong statements, AtomicLong ddl)
            throws SQLException {
        String table = "work_" + id;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id serial primary key, x int)");
            ddl.incrementAndGet();
        }
        for (int round = 0; System.nanoTime() < end; round++) {
            try (Connection c = pool.getConnection()) {
                try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (x) values (?)")) {
                    insert.setInt(1, round);
                    insert.executeUpdate();
                }
                try (PreparedStatement select = c.prepareStatement("select count(*) from " + table + " where x >= ?")) {
                    select.setInt(1, 0);
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                    }
                }
                statements.addAndGet(2);
                if (round % 5 == 0) {
                    try (Statement s = c.createStatement()) {
                        s.execute("create index " + table + "_x on " + table + " (x)");
                        s.execute("drop index concurrently " + table + "_x");
                        ddl.addAndGet(2);
                    }
                }
                if (round % 7 == 0) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("create table " + table + "_tmp (id int)");
                        s.execute("insert into " + table + "_tmp values (1)");
                        s.execute("create index on " + table + "_tmp (id)");
                        s.execute("drop table " + table + "_tmp");
                        ddl.addAndGet(3);
                        c.commit();
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }
        }
    }

    private static String[] timeouts(Connection connection, boolean close) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select current_setting('lock_timeout'), current_setting('statement_timeout')")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        } finally {
            if (close) {
                connection.close();
            }
        }
    }
}
