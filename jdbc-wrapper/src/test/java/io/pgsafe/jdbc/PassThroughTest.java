package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

@PostgresTest
class PassThroughTest {

    @BeforeEach
    void table(TestDatabase db) throws SQLException {
        db.execute("drop table if exists items; create table items (id int primary key, name text)");
    }

    @Test
    void queriesReturnWhatPgjdbcReturns(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select 41 + 1, 'x'::text")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getString(2)).isEqualTo("x");
        }
    }

    @Test
    void preparedStatementsWithParametersWork(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            try (PreparedStatement insert = connection.prepareStatement("insert into items values (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "n" + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
            }
            try (PreparedStatement select = connection.prepareStatement("select name from items where id = ?")) {
                select.setInt(1, 2);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("n2");
                }
            }
        }
    }

    @Test
    void generatedKeysComeBackThroughTheWrapper(TestDatabase db) throws SQLException {
        db.execute("create table seq_items (id serial primary key, name text)");
        try (Connection connection = PgSafeUrls.connect(db); Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into seq_items (name) values ('a')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getInt("id")).isEqualTo(1);
            }
        }
    }

    @Test
    void unwrapReachesPgjdbcsConnection(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db)) {
            assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
            PGConnection pg = connection.unwrap(PGConnection.class);
            assertThat(pg.getBackendPID()).isPositive();
            assertThat(connection.unwrap(PgSafeConnection.class)).isSameAs(connection);
        }
    }

    @Test
    void copyFromStdinWorksThroughCopyManager(TestDatabase db) throws Exception {
        try (Connection connection = PgSafeUrls.connect(db)) {
            CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
            long rows = copy.copyIn("COPY items FROM STDIN WITH (FORMAT csv)", new StringReader("1,a\n2,b\n3,c\n"));
            assertThat(rows).isEqualTo(3);
        }
        assertThat(db.queryForLong("select count(*) from items")).isEqualTo(3);
    }

    @Test
    void metadataUrlIsPgjdbcsAndConnectionsLeadBackToTheWrapper(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db); Statement statement = connection.createStatement();
             PreparedStatement prepared = connection.prepareStatement("select 1")) {
            assertThat(connection.getMetaData().getURL()).isEqualTo(db.url());
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getConnection()).isSameAs(connection);
            assertThat(statement.getConnection()).isSameAs(connection);
            assertThat(prepared.getConnection()).isSameAs(connection);
            assertThat(connection.nativeSQL("select {fn now()}")).isEqualTo(
                    ((Connection) connection.unwrap(BaseConnection.class)).nativeSQL("select {fn now()}"));
        }
    }

    @Test
    void preparedGeneratedKeysComeBackThroughTheWrapper(TestDatabase db) throws SQLException {
        db.execute("create table seq_prepared (id serial primary key, name text)");
        try (Connection connection = PgSafeUrls.connect(db); PreparedStatement insert = connection.prepareStatement(
                "insert into seq_prepared (name) values (?)", new String[] {"id"})) {
            insert.setString(1, "a");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getInt(1)).isEqualTo(1);
            }
        }
    }
}
