package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import org.junit.jupiter.api.Test;

class AttachPartitionScanTest {

    private static final String ATTACH =
            "alter table events attach partition events_2024 for values from ('2024-01-01') to ('2025-01-01')";

    @Test
    void attach_is_warned_with_the_check_constraint_fix() {
        Decision decision = Decide.autocommit(ATTACH);
        assertThat(decision).isInstanceOfSatisfying(Decision.Guard.class, guard -> {
            assertThat(guard.action()).isEqualTo("warned");
            assertThat(guard.warnings()).singleElement().satisfies(f -> {
                assertThat(f.table()).isEqualTo(QualifiedName.of("events_2024"));
                assertThat(f.message()).contains("SHARE UPDATE EXCLUSIVE on events");
                assertThat(f.fix()).startsWith("ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound_check CHECK "
                        + "(<key> IS NOT NULL AND <key> >= ('2024-01-01') AND <key> < ('2025-01-01')) NOT VALID");
            });
        });
    }

    @Test
    void before_12_the_parent_lock_is_access_exclusive() {
        Decision decision = Decide.decide(ATTACH, PgVersion.of(11, 0), true);
        assertThat(((Decision.Guard) decision).warnings().get(0).message()).contains("ACCESS EXCLUSIVE on events");
    }

    @Test
    void list_bound_becomes_in() {
        assertThat(AttachPartitionScan.checkFor("attach partition p for values in ('a', 'b')"))
                .isEqualTo("<key> IS NOT NULL AND <key> IN ('a', 'b')");
    }

    @Test
    void a_partition_created_in_this_transaction_is_not_reported() {
        TransactionState state = new TransactionState();
        state.observe(DdlParser.parse("create table events_2024 (like events)"), LockMode.NONE,
                QualifiedName.of("events_2024"));
        assertThat(Decide.ruleIds(Decide.decide(ATTACH,
                new SessionFacts(Decide.PG17, true, state, SessionFacts.CatalogFacts.UNKNOWN)))).isEmpty();
    }

    @Test
    void detach_is_not_this_rule() {
        assertThat(Decide.ruleIds(Decide.autocommit("alter table events detach partition p concurrently"))).isEmpty();
    }
}
