package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VacuumFullTest {

    private final VacuumFull rule = new VacuumFull();

    @Test
    void vacuum_full_rewrites_the_table() {
        assertThat(RuleRun.check(rule, "vacuum full analyze orders")).singleElement().satisfies(f -> {
            assertThat(f.table().name()).isEqualTo("orders");
            assertThat(f.message()).contains("rewrites orders", "ACCESS EXCLUSIVE");
            assertThat(f.fix()).contains("pg_repack").doesNotContain("REPACK (CONCURRENTLY)");
        });
        assertThat(RuleRun.check(rule, "vacuum (full, analyze) orders")).hasSize(1);
    }

    @Test
    void plain_vacuum_is_fine() {
        assertThat(RuleRun.check(rule, "vacuum analyze orders")).isEmpty();
        assertThat(RuleRun.check(rule, "vacuum (full false) orders")).isEmpty();
    }

    @Test
    void from_19_the_fix_offers_repack_concurrently() {
        assertThat(RuleRun.check(rule, "vacuum full", 190_000)).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("REPACK (CONCURRENTLY)"));
    }
}
