package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.RuleAction;
import org.junit.jupiter.api.Test;

class TruncateTest {

    private final Truncate rule = new Truncate();

    @Test
    void truncate_locks_every_table_it_empties() {
        assertThat(RuleRun.check(rule, "truncate table a, b")).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("TRUNCATE takes an ACCESS EXCLUSIVE lock on a, b");
            assertThat(f.fix()).contains("DELETE FROM a WHERE");
        });
    }

    @Test
    void cascade_is_called_out() {
        assertThat(RuleRun.check(rule, "truncate a cascade")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("through CASCADE"));
    }

    @Test
    void delete_is_not_truncate_and_truncate_warns() {
        assertThat(RuleRun.check(rule, "delete from a")).isEmpty();
        assertThat(rule.info().defaultAction()).isEqualTo(RuleAction.WARN);
        assertThat(RuleRun.check(rule, "truncate a", RuleRun.PG10)).hasSize(1);
    }
}
