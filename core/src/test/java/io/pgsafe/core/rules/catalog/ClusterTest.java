package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterTest {

    private final Cluster rule = new Cluster();

    @Test
    void cluster_rewrites_the_table() {
        assertThat(RuleRun.check(rule, "cluster orders using orders_created_idx")).singleElement().satisfies(f -> {
            assertThat(f.table().name()).isEqualTo("orders");
            assertThat(f.message()).contains("rewrites orders", "ACCESS EXCLUSIVE");
            assertThat(f.fix()).contains("pg_repack");
        });
    }

    @Test
    void bare_cluster_covers_every_clustered_table() {
        assertThat(RuleRun.check(rule, "cluster")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("every previously clustered table"));
    }

    @Test
    void alter_table_cluster_on_only_marks_the_index() {
        assertThat(RuleRun.check(rule, "alter table orders cluster on orders_created_idx")).isEmpty();
    }

    @Test
    void from_19_the_fix_offers_repack_concurrently() {
        assertThat(RuleRun.check(rule, "cluster t", RuleRun.PG17)).singleElement()
                .satisfies(f -> assertThat(f.fix()).doesNotContain("REPACK"));
        assertThat(RuleRun.check(rule, "cluster t", 190_000)).singleElement()
                .satisfies(f -> assertThat(f.fix()).contains("REPACK (CONCURRENTLY)"));
    }
}
