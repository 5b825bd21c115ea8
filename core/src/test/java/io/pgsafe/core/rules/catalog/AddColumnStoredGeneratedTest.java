package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddColumnStoredGeneratedTest {

    private final AddColumnStoredGenerated rule = new AddColumnStoredGenerated();

    @Test
    void stored_generated_column_rewrites() {
        assertThat(RuleRun.check(rule, "alter table t add column total numeric generated always as (a * b) stored"))
                .singleElement().satisfies(f -> {
                    assertThat(f.message()).contains("rewrites t", "ACCESS EXCLUSIVE");
                    assertThat(f.fix()).contains("ALTER TABLE t ADD COLUMN total numeric").doesNotContain("VIRTUAL");
                });
    }

    @Test
    void virtual_generated_column_is_not_a_rewrite() {
        assertThat(RuleRun.check(rule, "alter table t add column total numeric generated always as (a * b) virtual",
                RuleRun.PG18)).isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column total numeric generated always as (a * b)",
                RuleRun.PG18)).isEmpty();
    }

    @Test
    void on_18_the_fix_offers_virtual() {
        assertThat(RuleRun.check(rule, "alter table t add column x int generated always as (a) stored", RuleRun.PG18))
                .singleElement().satisfies(f -> assertThat(f.fix()).startsWith("on PostgreSQL 18 make it VIRTUAL"));
    }
}
