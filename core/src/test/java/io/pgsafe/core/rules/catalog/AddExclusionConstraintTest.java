package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.engine.Decision;
import org.junit.jupiter.api.Test;

class AddExclusionConstraintTest {

    @Test
    void exclusion_constraint_is_blocked_in_autocommit_too() {
        Decision decision = Decide.autocommit("alter table bookings add constraint no_overlap "
                + "exclude using gist (room with =, during with &&)");
        assertThat(Decide.message(decision)).startsWith("pgsafe blocked add-exclusion-constraint on bookings: "
                + "ADD EXCLUDE builds its index while holding an ACCESS EXCLUSIVE lock on bookings");
    }

    @Test
    void in_a_transaction_it_is_blocked_too() {
        assertThat(Decide.ruleIds(Decide.inTransaction("alter table b add exclude using gist (r with &&)")))
                .containsExactly(AddExclusionConstraint.ID);
    }

    @Test
    void other_constraints_are_not_this_rule() {
        assertThat(Decide.ruleIds(Decide.autocommit("alter table b add check (a > 0) not valid"))).isEmpty();
    }
}
