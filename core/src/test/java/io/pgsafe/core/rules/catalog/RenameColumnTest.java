package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenameColumnTest {

    private final RenameColumn rule = new RenameColumn();

    @Test
    void renaming_a_column_breaks_running_clients() {
        assertThat(RuleRun.check(rule, "alter table users rename column email to email_address")).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("ACCESS EXCLUSIVE", "reads or writes email fails");
                    assertThat(f.fix()).contains("ADD COLUMN email_address", "DROP COLUMN email");
                });
    }

    @Test
    void renaming_the_table_or_a_constraint_is_not_a_column_rename() {
        assertThat(RuleRun.check(rule, "alter table users rename to people")).isEmpty();
        assertThat(RuleRun.check(rule, "alter table users rename constraint a to b")).isEmpty();
    }

    @Test
    void a_table_created_in_this_transaction_has_no_clients_yet() {
        assertThat(RuleRun.check(rule, "alter table users rename column a to b",
                RuleRun.after("create table users (a int)"))).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "alter table t rename a to b", RuleRun.PG10)).hasSize(1);
    }
}
