package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetLoggedUnloggedTest {

    private final SetLoggedUnlogged rule = new SetLoggedUnlogged();

    @Test
    void set_logged_and_unlogged_rewrite() {
        assertThat(RuleRun.check(rule, "alter table events set logged")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("SET LOGGED", "rewrites events"));
        assertThat(RuleRun.check(rule, "alter table events set unlogged")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("SET UNLOGGED rewrites events"));
    }

    @Test
    void set_access_method_rewrites_on_15_and_later() {
        assertThat(RuleRun.check(rule, "alter table events set access method heap2", 150_000)).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("SET ACCESS METHOD heap2"));
    }

    @Test
    void set_storage_parameters_do_not_rewrite() {
        assertThat(RuleRun.check(rule, "alter table events set (autovacuum_enabled = false)")).isEmpty();
        assertThat(RuleRun.check(rule, "alter table events set schema archive")).isEmpty();
    }
}
