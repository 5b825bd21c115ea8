package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetTablespaceTest {

    private final SetTablespace rule = new SetTablespace();

    @Test
    void moving_a_table_copies_it_under_access_exclusive() {
        assertThat(RuleRun.check(rule, "alter table orders set tablespace fast_ssd")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("copies all of orders", "ACCESS EXCLUSIVE");
            assertThat(f.fix()).contains("pg_repack --tablespace fast_ssd");
        });
        assertThat(RuleRun.check(rule, "alter materialized view mv set tablespace fast_ssd")).hasSize(1);
    }

    @Test
    void other_set_actions_are_not_a_move() {
        assertThat(RuleRun.check(rule, "alter table orders set (fillfactor = 90)")).isEmpty();
        assertThat(RuleRun.check(rule, "alter table orders set logged")).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "alter table t set tablespace x", RuleRun.PG10)).hasSize(1);
    }
}
