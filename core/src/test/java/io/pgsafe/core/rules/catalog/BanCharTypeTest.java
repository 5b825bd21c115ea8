package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BanCharTypeTest {

    private final BanCharType rule = new BanCharType();

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (c char(2))", "CREATE TABLE t (c CHARACTER(10))",
            "ALTER TABLE t ADD COLUMN c char", "ALTER TABLE t ALTER COLUMN c TYPE character(3)"})
    void flags_blank_padded_char(String sql) {
        assertThat(LintFindings.of(rule, sql)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (c character varying(10))", "CREATE TABLE t (c varchar(2))",
            "CREATE TABLE t (c \"char\")", "CREATE TABLE t (c text)"})
    void leaves_other_character_types_alone(String sql) {
        assertThat(LintFindings.of(rule, sql)).isEmpty();
    }
}
