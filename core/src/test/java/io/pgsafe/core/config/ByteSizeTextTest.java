package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTextTest {

    @Test
    void plainNumberIsBytes() {
        assertThat(ByteSizeText.parse("8192")).isEqualTo(8192L);
    }

    @ParameterizedTest
    @CsvSource({"100B, 100", "1kB, 1024", "10MB, 10485760", "2GB, 2147483648", "1TB, 1099511627776"})
    void postgresUnitsArePowersOf1024(String text, long bytes) {
        assertThat(ByteSizeText.parse(text)).isEqualTo(bytes);
    }

    @Test
    void fractionWithAUnit() {
        assertThat(ByteSizeText.parse("1.5kB")).isEqualTo(1536L);
    }

    @Test
    void fractionRoundsToTheNearestByte() {
        assertThat(ByteSizeText.parse("0.1kB")).isEqualTo(102L);
    }

    @Test
    void spaceBetweenNumberAndUnitIsAllowed() {
        assertThat(ByteSizeText.parse(" 10 MB ")).isEqualTo(10L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-10MB"})
    void negativeIsRefused(String text) {
        assertThatThrownBy(() -> ByteSizeText.parse(text)).isInstanceOf(RejectedValue.class).hasMessage("is negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "10mb", "10KB", "10 MiB", "10M", "MB", ""})
    void anythingElseIsNotASize(String text) {
        assertThatThrownBy(() -> ByteSizeText.parse(text)).isInstanceOf(RejectedValue.class).hasMessage("is not a size");
    }

    @Test
    void moreThanALongHoldsIsRefused() {
        assertThatThrownBy(() -> ByteSizeText.parse("99999999TB")).isInstanceOf(RejectedValue.class).hasMessage("is too large");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000B", "1024, 1kB", "1536, 1536B", "10485760, 10MB", "3221225472, 3GB", "1099511627776, 1TB"})
    void formatsWithTheLargestExactUnit(long bytes, String text) {
        assertThat(ByteSizeText.format(bytes)).isEqualTo(text);
    }
}
