package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import org.junit.jupiter.api.Test;

class ConcurrentIndexPg14CorruptionTest {

    @Test
    void concurrent_build_on_14_0_is_blocked() {
        Decision decision = decide("create index concurrently i on t (a)", PgVersion.of(14, 0), false);
        assertThat(Decide.message(decision)).startsWith("pgsafe blocked concurrent-index-pg14-corruption on t: "
                + "CREATE INDEX CONCURRENTLY on PostgreSQL 14.0").contains("upgrade to PostgreSQL 14.4");
    }

    @Test
    void concurrent_reindex_on_14_3_is_blocked() {
        assertThat(Decide.ruleIds(decide("reindex index concurrently i", PgVersion.of(14, 3), false)))
                .containsExactly(ConcurrentIndexPg14Corruption.ID);
    }

    @Test
    void boundaries_13_and_14_4_are_not_reported() {
        assertThat(Decide.ruleIds(decide("create index concurrently i on t (a)", PgVersion.of(13, 9), false)))
                .isEmpty();
        assertThat(Decide.ruleIds(decide("create index concurrently i on t (a)", PgVersion.of(14, 4), false)))
                .isEmpty();
    }

    @Test
    void a_plain_build_is_not_this_rule() {
        assertThat(Decide.ruleIds(decide("create index i on t (a)", PgVersion.of(14, 1), false)))
                .doesNotContain(ConcurrentIndexPg14Corruption.ID);
    }
}
