package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import org.junit.jupiter.api.Test;

class WholeTableDmlTest {

    private final WholeTableDml rule = new WholeTableDml();

    @Test
    void update_without_where_after_a_strong_lock_names_the_lock_held() {
        assertThat(RuleRun.check(rule, "update users set region = 'eu'",
                RuleRun.after("alter table users add column region text"))).singleElement().satisfies(f -> {
                    assertThat(f.lock()).isEqualTo(LockMode.ROW_EXCLUSIVE);
                    assertThat(f.message()).contains("writes every row of users",
                            "already holds ACCESS EXCLUSIVE on users");
                    assertThat(f.fix()).startsWith("commit the schema change first").contains("UPDATE users SET");
                });
    }

    @Test
    void delete_without_where_is_found_too() {
        assertThat(RuleRun.check(rule, "delete from audit_log")).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("DELETE FROM audit_log WHERE"));
    }

    @Test
    void a_where_clause_is_not_whole_table() {
        assertThat(RuleRun.check(rule, "update users set region = 'eu' where id < 1000")).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "delete from t", RuleRun.PG10)).hasSize(1);
    }
}
