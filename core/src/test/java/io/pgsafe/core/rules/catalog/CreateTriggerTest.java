package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.RuleAction;
import io.pgsafe.core.model.LockMode;
import org.junit.jupiter.api.Test;

class CreateTriggerTest {

    private final CreateTrigger rule = new CreateTrigger();

    @Test
    void create_trigger_takes_share_row_exclusive_and_warns() {
        assertThat(RuleRun.check(rule, "create trigger audit after insert on orders for each row execute function "
                + "audit()")).singleElement().satisfies(f -> {
                    assertThat(f.lock()).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
                    assertThat(f.message()).contains("SHARE ROW EXCLUSIVE lock on orders");
                });
        assertThat(rule.info().defaultAction()).isEqualTo(RuleAction.WARN);
    }

    @Test
    void create_function_is_not_a_trigger() {
        assertThat(RuleRun.check(rule, "create function audit() returns trigger language plpgsql as $$begin return "
                + "new; end$$")).isEmpty();
    }

    @Test
    void same_on_every_version() {
        assertThat(RuleRun.check(rule, "create or replace trigger t before update on x for each row execute "
                + "function f()", RuleRun.PG10)).hasSize(1);
    }
}
