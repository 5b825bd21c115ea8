package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class BlockedStatementTest {

    @BeforeEach
    void table(TestDatabase db) throws SQLException {
        db.execute("drop table if exists accounts; create table accounts (id bigint primary key, email text)");
    }

    @Test
    void plainCreateIndexInATransactionIsBlockedWithPgs01AndNeverSent(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("select count(*) from accounts").close();
                assertThatThrownBy(() -> statement.execute("CREATE INDEX accounts_email ON accounts (email)"))
                        .isInstanceOf(UnsafeStatementException.class)
                        .hasMessageContaining("create-index-not-concurrently")
                        .hasMessageContaining("CONCURRENTLY")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("PGS01");
                // Nothing reached the server: the transaction is not aborted and still works.
                try (ResultSet rs = statement.executeQuery("select count(*) from accounts")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                }
                statement.execute("insert into accounts values (1, 'a@example.com')");
            }
            connection.commit();
        }
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'accounts_email'")).isZero();
        assertThat(db.queryForLong("select count(*) from accounts")).isEqualTo(1);
    }

    @Test
    void blockedDdlFailsAtPrepareStatement(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> connection.prepareStatement("create index accounts_email on accounts (email)"))
                    .isInstanceOf(UnsafeStatementException.class)
                    .hasMessageContaining("create-index-not-concurrently");
            connection.rollback();
        }
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'accounts_email'")).isZero();
    }

    @Test
    void blockedPartOfAMultiStatementTextStopsTheWholeText(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.execute("insert into accounts values (7, 'x'); "
                    + "create index accounts_email on accounts (email)"))
                    .isInstanceOf(UnsafeStatementException.class)
                    .hasMessageContaining("statement 2 of 2");
            connection.commit();
        }
        assertThat(db.queryForLong("select count(*) from accounts")).isZero();
    }

    @Test
    void allowCommentLetsPlainCreateIndexRunInATransaction(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("/* pgsafe:allow create-index-not-concurrently table is empty at deploy */ "
                        + "CREATE INDEX accounts_email ON accounts (email)");
            }
            connection.commit();
        }
        assertThat(db.queryForLong("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where c.relname = 'accounts_email' and i.indisvalid")).isEqualTo(1);
    }

    @Test
    void warnModeRunsWhatEnforceWouldBlock(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db, "pgsafe.mode=warn")) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX accounts_email ON accounts (email)");
            }
            connection.commit();
        }
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'accounts_email'")).isEqualTo(1);
    }

    @Test
    void dataSourceWrapperBlocksLikeTheDriver(TestDatabase db) throws SQLException {
        PgSafeDataSource dataSource = new PgSafeDataSource(db.dataSource());
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection).isInstanceOf(PgSafeConnection.class);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("create index accounts_email on accounts (email)"))
                        .isInstanceOf(UnsafeStatementException.class);
            }
            connection.rollback();
        }
    }

    @Test
    void blockedDdlFailsAtPrepareCall(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> connection.prepareCall("create index accounts_email on accounts (email)"))
                    .isInstanceOf(UnsafeStatementException.class);
            connection.rollback();
        }
    }
}
