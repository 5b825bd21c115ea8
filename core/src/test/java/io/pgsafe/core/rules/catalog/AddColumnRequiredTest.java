package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddColumnRequiredTest {

    private final AddColumnRequired rule = new AddColumnRequired();

    @Test
    void not_null_without_default_fails_on_a_table_with_rows() {
        assertThat(RuleRun.check(rule, "alter table orders add column region text not null"))
                .singleElement().satisfies(f -> {
                    assertThat(f.message()).contains("SQLSTATE 23502", "ACCESS EXCLUSIVE");
                    assertThat(f.fix()).contains("ALTER TABLE orders ADD COLUMN region text (nullable)",
                            "CHECK (region IS NOT NULL) NOT VALID");
                });
    }

    @Test
    void a_default_or_a_generated_value_is_not_required() {
        assertThat(RuleRun.check(rule, "alter table t add column a int not null default 0")).isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column a int")).isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column id bigint generated always as identity not null"))
                .isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column id bigserial not null")).isEmpty();
    }

    @Test
    void an_explicit_null_default_is_no_default() {
        assertThat(RuleRun.check(rule, "alter table t add column a int not null default null")).hasSize(1);
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "alter table t add column a int not null", RuleRun.PG10)).hasSize(1);
        assertThat(RuleRun.check(rule, "alter table t add column a int not null", RuleRun.PG18)).hasSize(1);
    }
}
