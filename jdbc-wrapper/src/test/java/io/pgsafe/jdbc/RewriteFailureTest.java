package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@PostgresTest
class RewriteFailureTest {

    @Test
    void aFailedConcurrentBuildSaysWhichStepFailedAndDropsTheInvalidIndexItLeft(TestDatabase db) throws SQLException {
        db.execute("create table users (id int, email text); insert into users values (1, 'a'), (2, 'a')");
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.execute("create unique index users_email on users (email)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("failed at step 1 of 1 (build the index without blocking writes)")
                    .hasMessageContaining("create unique index CONCURRENTLY users_email")
                    .hasMessageContaining("the INVALID index the failed build left was dropped: DROP INDEX CONCURRENTLY IF EXISTS users_email")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
        }
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'users_email'")).isZero();
    }

    @Test
    void aMultiStatementTextWithARewriteRunsStatementByStatement(TestDatabase db) throws SQLException {
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            s.execute("create table events (id int, kind text); create index events_kind on events (kind)");
        }
        assertThat(db.queryForString("select i.indisvalid::text from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where c.relname = 'events_kind'")).isEqualTo("true");
    }

    @Test
    void aTextBatchWithDdlRunsEachEntryGuarded(TestDatabase db) throws SQLException {
        try (Connection app = PgSafeUrls.connect(db); Statement s = app.createStatement()) {
            s.addBatch("create table batch_t (id int)");
            s.addBatch("insert into batch_t values (1)");
            s.addBatch("create index batch_t_id on batch_t (id)");
            assertThat(s.executeBatch()).hasSize(3);
        }
        assertThat(db.queryForLong("select count(*) from batch_t")).isEqualTo(1);
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'batch_t_id'")).isEqualTo(1);
    }
}
