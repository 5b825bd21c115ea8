package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenameTableTest {

    private final RenameTable rule = new RenameTable();

    @Test
    void renaming_a_table_breaks_running_clients() {
        assertThat(RuleRun.check(rule, "alter table app.users rename to people")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("ACCESS EXCLUSIVE lock on app.users");
            assertThat(f.fix()).contains("ALTER TABLE app.users RENAME TO people; CREATE VIEW app.users AS SELECT * "
                    + "FROM people");
        });
    }

    @Test
    void renaming_a_column_is_not_a_table_rename() {
        assertThat(RuleRun.check(rule, "alter table users rename column a to b")).isEmpty();
        assertThat(RuleRun.check(rule, "alter index users_idx rename to people_idx")).isEmpty();
    }

    @Test
    void a_table_created_in_this_transaction_has_no_clients_yet() {
        assertThat(RuleRun.check(rule, "alter table users rename to people",
                RuleRun.after("create table users (a int)"))).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "alter table t rename to u", RuleRun.PG10)).hasSize(1);
    }
}
