package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropColumnTest {

    private final DropColumn rule = new DropColumn();

    @Test
    void dropping_a_column_breaks_clients_that_still_use_it() {
        assertThat(RuleRun.check(rule, "alter table users drop column legacy_flag")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("ACCESS EXCLUSIVE lock on users", "legacy_flag");
            assertThat(f.fix()).startsWith("stop using legacy_flag in the code first")
                    .contains("-- pgsafe:allow drop-column");
        });
    }

    @Test
    void dropping_a_constraint_is_not_dropping_a_column() {
        assertThat(RuleRun.check(rule, "alter table users drop constraint users_a_check")).isEmpty();
    }

    @Test
    void a_table_created_in_this_transaction_has_no_clients_yet() {
        assertThat(RuleRun.check(rule, "alter table users drop column a",
                RuleRun.after("create table users (a int, b int)"))).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "alter table t drop a", RuleRun.PG10)).hasSize(1);
    }
}
