package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@PostgresTest
class HotPathTest {

    @Test
    void theHotPathTestAllocatesNothing(TestDatabase db) throws SQLException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Connection connection = PgSafeUrls.connect(db)) {
            StatementGate gate = connection.unwrap(PgSafeConnection.class).gate();
            String[] texts = {"select * from accounts where id = $1", "insert into t values (1);",
                    "update t set x = 1 where id = 2", "WITH a AS (select 1) select * from a"};
            for (int i = 0; i < 200_000; i++) {
                gate.passes(texts[i & 3]);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            boolean all = true;
            for (int i = 0; i < 1_000_000; i++) {
                all &= gate.passes(texts[i & 3]);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            System.out.println("pgsafe hot path: " + allocated + " bytes allocated over 1,000,000 checks");
            assertThat(all).isTrue();
            assertThat(allocated).isLessThan(4_096L);
        }
    }

    @Test
    void modeOffPassesDdlStraightThrough(TestDatabase db) throws SQLException {
        db.execute("create table off_t (id int)");
        try (Connection connection = PgSafeUrls.connect(db, "pgsafe.mode=off")) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("create index off_t_id on off_t (id)");
            }
            connection.commit();
        }
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'off_t_id'")).isEqualTo(1);
    }

    @Test
    void beginDdlCommitInOneTextRunsAndLeavesTheSessionTimeoutsAlone(TestDatabase db) throws SQLException {
        db.execute("create table txt_t (id int)");
        try (Connection connection = PgSafeUrls.connect(db); Statement s = connection.createStatement()) {
            s.execute("set lock_timeout = '1234ms'");
            s.execute("begin; alter table txt_t add column note text; commit");
            assertThat(connection.getAutoCommit()).isTrue();
            try (ResultSet rs = s.executeQuery("select current_setting('lock_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1234ms");
            }
        }
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'txt_t' "
                + "and column_name = 'note'")).isEqualTo(1);
    }
}
