package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropTableTest {

    private final DropTable rule = new DropTable();

    @Test
    void dropping_each_table_is_a_finding() {
        assertThat(RuleRun.check(rule, "drop table if exists old_orders, old_items cascade")).hasSize(2)
                .first().satisfies(f -> {
                    assertThat(f.table().name()).isEqualTo("old_orders");
                    assertThat(f.message()).contains("ACCESS EXCLUSIVE", "CASCADE");
                    assertThat(f.fix()).startsWith("stop using old_orders in the code first");
                });
    }

    @Test
    void dropping_a_view_or_an_index_is_not_dropping_a_table() {
        assertThat(RuleRun.check(rule, "drop view v")).isEmpty();
        assertThat(RuleRun.check(rule, "drop index i")).isEmpty();
    }

    @Test
    void a_table_created_in_this_transaction_has_no_clients_yet() {
        assertThat(RuleRun.check(rule, "drop table scratch", RuleRun.after("create table scratch (a int)"))).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "drop table t", RuleRun.PG10)).hasSize(1);
    }
}
