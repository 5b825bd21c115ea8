package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferTimestamptzTest {

    private final PreferTimestamptz rule = new PreferTimestamptz();

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (at timestamp)", "CREATE TABLE t (at TIMESTAMP(3))",
            "ALTER TABLE t ADD COLUMN at timestamp without time zone DEFAULT now()",
            "ALTER TABLE t ALTER COLUMN at TYPE timestamp(6) without time zone"})
    void flags_timestamps_without_zone(String sql) {
        assertThat(LintFindings.of(rule, sql)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (at timestamptz)", "CREATE TABLE t (at timestamp with time zone)",
            "CREATE TABLE t (at timestamp(3) with time zone)", "CREATE TABLE t (d date, x time)"})
    void leaves_timestamptz_alone(String sql) {
        assertThat(LintFindings.of(rule, sql)).isEmpty();
    }
}
