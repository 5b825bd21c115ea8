package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's hot path, in process on plain pgjdbc connections (no agent attached): UPDATE and DELETE pass without
 * a gate lookup until some connection holds a strong lock from DDL in its open transaction, and again once that
 * transaction or connection is over.
 */
@PostgresTest
class AgentSupportTest {
    private static final String WHOLE_TABLE_UPDATE = "update a_items set n = n + 1";

    @Test
    void dataChangesSkipTheGateExactlyWhileNoTransactionHoldsAStrongLock(TestDatabase db) throws SQLException {
        db.execute("create table a_items (id int primary key, n int)");
        db.execute("create table a_other (n int)");
        AgentSupport support = AgentSupport.start(Map.of());
        assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isTrue();
        assertThat(support.passesWithoutLooking("delete from a_items")).isTrue();
        assertThat(support.passesWithoutLooking("alter table a_items add column c int")).isFalse();

        try (Connection ddl = db.connect(); Connection other = db.connect()) {
            // autocommit DDL: its lock ends with the statement, so nothing is held afterwards
            run(support, ddl, "alter table a_items add column c1 int");
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isTrue();

            ddl.setAutoCommit(false);
            support.autoCommitChanged(ddl, false);
            run(support, ddl, "alter table a_items add column c2 int");
            // ACCESS EXCLUSIVE held until COMMIT: every UPDATE/DELETE now goes to its connection's gate ...
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isFalse();
            assertThat(support.passesWithoutLooking("delete from a_items where id = 1")).isFalse();
            assertThat(support.passesWithoutLooking("select * from a_items")).isTrue();
            // ... where another connection's passes (on another table: this one is locked) and changes nothing
            run(support, other, "update a_other set n = 1");
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isFalse();

            ddl.commit();
            support.transactionEnded(ddl);
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isTrue();

            run(support, ddl, "alter table a_items add column c3 int");
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isFalse();
            ddl.rollback();
            support.forget(ddl); // the connection closes with its transaction open
            assertThat(support.passesWithoutLooking(WHOLE_TABLE_UPDATE)).isTrue();
        }
    }

    @Test
    void aGlanceSaysWhatTheAgentMayRememberForTheSameText() {
        AgentSupport support = AgentSupport.start(Map.of());
        assertThat(support.glance("SELECT abalance FROM e2e_accounts WHERE aid = ?"))
                .isEqualTo(AgentSupport.Glance.PLAIN_FOR_GOOD);
        assertThat(support.glance("insert into t values (1)")).isEqualTo(AgentSupport.Glance.PLAIN_FOR_GOOD);
        assertThat(support.glance(null)).isEqualTo(AgentSupport.Glance.PLAIN_FOR_GOOD);
        assertThat(support.glance(WHOLE_TABLE_UPDATE)).isEqualTo(AgentSupport.Glance.DATA_CHANGE);
        assertThat(support.glance("/* c */ delete from t where id = 1")).isEqualTo(AgentSupport.Glance.DATA_CHANGE);
        assertThat(support.glance("create index i on t (c)")).isEqualTo(AgentSupport.Glance.LOOK);
        assertThat(support.glance("commit")).isEqualTo(AgentSupport.Glance.LOOK);
        assertThat(support.glance("select 1; drop table t")).isEqualTo(AgentSupport.Glance.LOOK);
        assertThat(support.glance("update t set n = 1; alter table t add column c int"))
                .isEqualTo(AgentSupport.Glance.LOOK);
        assertThat(support.dataChangesPass()).isTrue();

        AgentSupport off = AgentSupport.start(Map.of("pgsafe.mode", "off"));
        assertThat(off.glance("create index i on t (c)")).isEqualTo(AgentSupport.Glance.PLAIN_FOR_GOOD);
    }

    private static void run(AgentSupport support, Connection pgjdbc, String sql) throws SQLException {
        try (Statement statement = pgjdbc.createStatement()) {
            support.execute(pgjdbc, sql, statement::execute, null);
        }
    }
}
