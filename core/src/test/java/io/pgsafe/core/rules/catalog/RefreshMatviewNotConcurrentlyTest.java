package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.RuleAction;
import org.junit.jupiter.api.Test;

class RefreshMatviewNotConcurrentlyTest {

    private final RefreshMatviewNotConcurrently rule = new RefreshMatviewNotConcurrently();

    @Test
    void plain_refresh_blocks_reads_and_warns_with_the_concurrent_form() {
        assertThat(RuleRun.check(rule, "refresh materialized view sales_summary")).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("ACCESS EXCLUSIVE", "even SELECTs");
            assertThat(f.fix()).contains("CREATE UNIQUE INDEX CONCURRENTLY",
                    "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary");
            assertThat(f.rewrite()).isNull();
        });
        assertThat(rule.info().defaultAction()).isEqualTo(RuleAction.WARN);
    }

    @Test
    void concurrent_refresh_is_fine() {
        assertThat(RuleRun.check(rule, "refresh materialized view concurrently sales_summary")).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "refresh materialized view v", RuleRun.PG10)).hasSize(1);
    }
}
