package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import org.junit.jupiter.api.Test;

class LockTableTest {

    private final LockTable rule = new LockTable();

    @Test
    void lock_without_a_mode_is_access_exclusive() {
        assertThat(RuleRun.check(rule, "lock table accounts")).singleElement().satisfies(f -> {
            assertThat(f.lock()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
            assertThat(f.message()).contains("ACCESS EXCLUSIVE on accounts", "every read and write");
        });
    }

    @Test
    void share_mode_blocks_writes_and_reports_its_mode() {
        assertThat(RuleRun.check(rule, "lock accounts in share mode")).singleElement().satisfies(f -> {
            assertThat(f.lock()).isEqualTo(LockMode.SHARE);
            assertThat(f.message()).contains("every INSERT, UPDATE and DELETE");
        });
    }

    @Test
    void weaker_modes_than_share_are_fine() {
        assertThat(RuleRun.check(rule, "lock accounts in share update exclusive mode")).isEmpty();
        assertThat(RuleRun.check(rule, "lock accounts in row exclusive mode")).isEmpty();
        assertThat(RuleRun.check(rule, "lock accounts in share mode", RuleRun.PG10)).hasSize(1);
    }
}
