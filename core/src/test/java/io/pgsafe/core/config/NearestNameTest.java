package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {
    private static final List<String> KEYS = List.of("pgsafe.mode", "pgsafe.monitor", "pgsafe.lock-timeout", "pgsafe.lock-timeout-retries");

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
        assertThat(NearestName.distance("same", "same")).isZero();
    }

    @Test
    void missingLetterFindsTheKey() {
        assertThat(NearestName.among("pgsafe.lock-timout", KEYS)).hasValue("pgsafe.lock-timeout");
    }

    @Test
    void closestKeyWinsOverAFartherOne() {
        assertThat(NearestName.among("pgsafe.lock-timeout-retry", KEYS)).hasValue("pgsafe.lock-timeout-retries");
    }

    @Test
    void differenceInCaseAloneFindsTheKey() {
        assertThat(NearestName.among("PGSAFE.MODE", KEYS)).hasValue("pgsafe.mode");
    }

    @Test
    void shortUnrelatedNameFindsNothing() {
        assertThat(NearestName.among("pgsafe.foo", KEYS)).isEmpty();
    }

    @Test
    void shortNamesAllowOnlyOneEdit() {
        assertThat(NearestName.among("pgsafe.mod", KEYS)).hasValue("pgsafe.mode");
        assertThat(NearestName.among("pgsafe.mo", KEYS)).isEmpty();
    }
}
