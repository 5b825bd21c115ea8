package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @Test
    void millisecondsSuffix() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void secondsSuffix() {
        assertThat(DurationText.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void minutesSuffix() {
        assertThat(DurationText.parse("10min")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void hoursSuffix() {
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void daysSuffix() {
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void fractionWithAUnit() {
        assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void fractionWithoutLeadingZero() {
        assertThat(DurationText.parse(".25min")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void bareIntegerIsMilliseconds() {
        assertThat(DurationText.parse("250")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void zeroMeansDisabled() {
        assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void zeroWithAUnitIsZeroToo() {
        assertThat(DurationText.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void spaceBetweenNumberAndUnitIsAllowedAsInPostgres() {
        assertThat(DurationText.parse("2 s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(DurationText.parse(" 2s\t")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void postgresLargestTimeoutIsAccepted() {
        assertThat(DurationText.parse("2147483647ms")).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "-500", "- 2min"})
    void negativeIsRefused(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(RejectedValue.class).hasMessage("is negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "2sec", "2S", "2MIN", "500us", "1h30min", "2s5", "s", "1.s", "", "2 2s", "0x10"})
    void anythingElseIsNotADuration(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(RejectedValue.class).hasMessage("is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5ms", "1.5", "1.0001s"})
    void fractionOfAMillisecondIsRefused(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(RejectedValue.class)
                .hasMessage("is not a whole number of milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"25d", "2147483648", "99999999999999999999999h"})
    void moreThanPostgresAcceptsIsRefused(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(RejectedValue.class)
                .hasMessage("is too large (PostgreSQL accepts at most 2147483647ms, about 24.8 days)");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1500, 1500ms", "2000, 2s", "600000, 10min", "3600000, 1h", "172800000, 2d", "90000, 90s"})
    void formatsWithTheLargestExactUnit(long millis, String text) {
        assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
