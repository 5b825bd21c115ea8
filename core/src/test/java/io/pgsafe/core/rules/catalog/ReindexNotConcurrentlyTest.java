package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import org.junit.jupiter.api.Test;

class ReindexNotConcurrentlyTest {

    @Test
    void reindex_index_on_12_in_autocommit_is_rewritten() {
        assertThat(Decide.steps(decide("reindex index s.i", PgVersion.of(12, 0), false)))
                .containsExactly("reindex index CONCURRENTLY s.i");
    }

    @Test
    void reindex_table_with_options_keeps_them() {
        assertThat(Decide.steps(Decide.autocommit("REINDEX (VERBOSE) TABLE t")))
                .containsExactly("REINDEX (VERBOSE) TABLE CONCURRENTLY t");
    }

    @Test
    void before_12_it_is_blocked_with_the_create_drop_rename_fix() {
        Decision decision = decide("reindex index i", PgVersion.of(11, 22), false);
        assertThat(Decide.message(decision)).contains("REINDEX CONCURRENTLY needs PostgreSQL 12")
                .contains("CREATE INDEX CONCURRENTLY");
    }

    @Test
    void in_a_transaction_it_is_blocked() {
        Decision decision = Decide.inTransaction("reindex table t");
        assertThat(Decide.message(decision)).contains("Fix: use reindex table CONCURRENTLY t and run it outside");
    }

    @Test
    void system_and_concurrent_forms_are_not_reported() {
        assertThat(Decide.ruleIds(Decide.autocommit("reindex system db"))).isEmpty();
        assertThat(Decide.ruleIds(Decide.autocommit("reindex index concurrently i"))).isEmpty();
    }

    @Test
    void schema_is_reported_with_a_fix_but_not_rewritten() {
        assertThat(Decide.autocommit("reindex schema s")).isInstanceOf(Decision.Block.class);
    }

    @Test
    void on_14_0_to_14_3_it_says_to_upgrade_instead_of_rewriting() {
        Decision decision = decide("reindex index i", PgVersion.of(14, 3), false);
        assertThat(Decide.message(decision)).contains("upgrade to PostgreSQL 14.4");
        assertThat(decide("reindex index i", PgVersion.of(14, 4), false)).isInstanceOf(Decision.Rewrite.class);
    }
}
