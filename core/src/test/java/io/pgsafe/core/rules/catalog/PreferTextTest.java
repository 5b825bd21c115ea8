package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferTextTest {

    private final PreferText rule = new PreferText();

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (email varchar(255))", "ALTER TABLE t ADD COLUMN n CHARACTER VARYING(20)",
            "ALTER TABLE t ALTER COLUMN n TYPE varchar(50)", "CREATE TABLE t (tags varchar(10)[])"})
    void flags_a_length_limit_in_the_type(String sql) {
        assertThat(LintFindings.of(rule, sql)).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("prefer-text"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (email text)", "CREATE TABLE t (email varchar)",
            "ALTER TABLE t ADD COLUMN n character varying", "CREATE TABLE t (c char(2))"})
    void leaves_unlimited_text_alone(String sql) {
        assertThat(LintFindings.of(rule, sql)).isEmpty();
    }
}
