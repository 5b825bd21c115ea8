package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgVersionTest {

    @Test
    void majorVersionAlone() {
        assertThat(PgVersion.parse("15").versionNum()).isEqualTo(150000);
    }

    @Test
    void majorAndMinor() {
        assertThat(PgVersion.parse("14.2").versionNum()).isEqualTo(140002);
    }

    @Test
    void serverVersionNum() {
        assertThat(PgVersion.parse("120000").versionNum()).isEqualTo(120000);
    }

    @Test
    void serverVersionNumBeforeTen() {
        assertThat(PgVersion.parse("90603").versionNum()).isEqualTo(90603);
    }

    @Test
    void threePartVersionBeforeTen() {
        assertThat(PgVersion.parse("9.6.3").versionNum()).isEqualTo(90603);
    }

    @Test
    void twoPartMajorBeforeTen() {
        assertThat(PgVersion.parse("9.6").versionNum()).isEqualTo(90600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "9", "7.4", "100", "9999", "14.2.1", "15beta1", "15.4 (Debian)", "", "1000000", "-15"})
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> PgVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"140002, 14.2", "150000, 15.0", "90603, 9.6.3"})
    void printsAsPostgresWritesIt(int versionNum, String text) {
        assertThat(new PgVersion(versionNum)).hasToString(text);
    }

    @Test
    void ofCountsTheMinorDifferentlyBeforeTen() {
        assertThat(PgVersion.of(14, 4).versionNum()).isEqualTo(140004);
        assertThat(PgVersion.of(9, 6).versionNum()).isEqualTo(90600);
    }

    @Test
    void ordersByVersionNum() {
        assertThat(PgVersion.parse("14.3")).isLessThan(PgVersion.parse("14.4")).isGreaterThan(PgVersion.parse("9.6.24"));
    }
}
