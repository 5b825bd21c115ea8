package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import org.junit.jupiter.api.Test;

class DetachPartitionNotConcurrentlyTest {

    @Test
    void on_14_in_autocommit_it_is_rewritten_to_concurrently() {
        Decision decision = Decide.decide("alter table events detach partition events_2020", PgVersion.of(14, 0), false);
        assertThat(decision).isInstanceOfSatisfying(Decision.Rewrite.class, rewrite -> {
            assertThat(rewrite.steps()).singleElement().satisfies(step -> {
                assertThat(step.sql()).isEqualTo("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY");
                assertThat(step.transactional()).isFalse();
                assertThat(step.cleanup()).isEqualTo("ALTER TABLE events DETACH PARTITION events_2020 FINALIZE");
            });
        });
    }

    @Test
    void before_14_it_is_blocked_with_a_fix() {
        assertThat(Decide.message(Decide.decide("alter table events detach partition p", PgVersion.of(13, 12), false)))
                .contains("DETACH … CONCURRENTLY needs PostgreSQL 14");
    }

    @Test
    void in_a_transaction_it_is_blocked() {
        assertThat(Decide.message(Decide.inTransaction("alter table events detach partition p")))
                .startsWith("pgsafe blocked detach-partition-not-concurrently on events: DETACH PARTITION takes an "
                        + "ACCESS EXCLUSIVE lock on events and on p")
                .contains("executeInTransaction=false");
    }

    @Test
    void concurrent_and_finalize_are_not_reported() {
        assertThat(Decide.ruleIds(Decide.autocommit("alter table e detach partition p concurrently"))).isEmpty();
        assertThat(Decide.ruleIds(Decide.autocommit("alter table e detach partition p finalize"))).isEmpty();
    }
}
