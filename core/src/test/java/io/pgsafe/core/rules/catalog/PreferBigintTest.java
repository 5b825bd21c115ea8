package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.QualifiedName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PreferBigintTest {

    private final PreferBigint rule = new PreferBigint();

    @Test
    void is_lint_only() {
        assertThat(rule.info().lintOnly()).isTrue();
        assertThat(rule.id()).isEqualTo("prefer-bigint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (id integer PRIMARY KEY)", "CREATE TABLE t (id serial)",
            "CREATE TABLE t (code int4 PRIMARY KEY)", "CREATE TABLE t (n smallint GENERATED ALWAYS AS IDENTITY)",
            "CREATE TABLE t (owner int REFERENCES users)", "ALTER TABLE t ADD COLUMN user_id int",
            "ALTER TABLE t ALTER COLUMN account_id TYPE integer"})
    void flags_key_like_small_integers(String sql) {
        assertThat(LintFindings.of(rule, sql)).singleElement()
                .satisfies(f -> assertThat(f.table()).isEqualTo(QualifiedName.of("t")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (id bigint PRIMARY KEY)", "CREATE TABLE t (id bigserial)",
            "CREATE TABLE t (quantity int, position smallint)", "ALTER TABLE t ADD COLUMN retries int",
            "ALTER TABLE t ADD COLUMN user_id bigint", "CREATE TABLE t (valid boolean)"})
    void leaves_bigints_and_non_key_integers_alone(String sql) {
        assertThat(LintFindings.of(rule, sql)).isEmpty();
    }

    @Test
    void reports_the_alter_table_action() {
        assertThat(LintFindings.of(rule, "ALTER TABLE t ADD COLUMN a text, ADD COLUMN b_id int"))
                .singleElement().satisfies(f -> assertThat(f.actionIndex()).isEqualTo(1));
    }
}
