package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.autocommit;
import static io.pgsafe.core.rules.catalog.Decide.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.rules.PlanStep;
import org.junit.jupiter.api.Test;

class DropIndexNotConcurrentlyTest {

    @Test
    void plain_drop_in_autocommit_is_rewritten_to_concurrently() {
        Decision decision = autocommit("drop index if exists s.users_email_idx");
        assertThat(decision).isInstanceOfSatisfying(Decision.Rewrite.class, rewrite -> {
            assertThat(rewrite.steps()).singleElement().satisfies(step -> {
                assertThat(step.sql()).isEqualTo("drop index CONCURRENTLY if exists s.users_email_idx");
                assertThat(step.transactional()).isFalse();
            });
            assertThat(rewrite.findings()).singleElement()
                    .satisfies(f -> assertThat(f.ruleId()).isEqualTo(DropIndexNotConcurrently.ID));
        });
    }

    @Test
    void plain_drop_in_a_transaction_is_blocked_with_the_outside_transaction_fix() {
        Decision decision = inTransaction("DROP INDEX users_email_idx");
        assertThat(Decide.message(decision))
                .startsWith("pgsafe blocked drop-index-not-concurrently on users_email_idx: DROP INDEX takes an "
                        + "ACCESS EXCLUSIVE lock")
                .contains("Fix: use DROP INDEX CONCURRENTLY users_email_idx and run it outside a transaction")
                .contains("executeInTransaction=false");
    }

    @Test
    void concurrent_drop_is_not_reported() {
        assertThat(Decide.ruleIds(autocommit("drop index concurrently i"))).isEmpty();
    }

    @Test
    void cascade_is_blocked_without_a_rewrite() {
        Decision decision = autocommit("drop index i cascade");
        assertThat(Decide.message(decision)).contains("DROP INDEX CONCURRENTLY refuses CASCADE");
    }

    @Test
    void several_indexes_get_one_concurrent_drop_each_in_the_fix() {
        Decision decision = autocommit("drop index a, s.b");
        assertThat(Decide.message(decision)).contains("DROP INDEX CONCURRENTLY a; DROP INDEX CONCURRENTLY s.b");
    }

    @Test
    void the_rewrite_is_a_long_step_under_share_update_exclusive() {
        PlanStep step = ((Decision.Rewrite) autocommit("drop index i")).steps().get(0);
        assertThat(step.lock()).isEqualTo(io.pgsafe.core.model.LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(step.longRunning()).isTrue();
    }
}
