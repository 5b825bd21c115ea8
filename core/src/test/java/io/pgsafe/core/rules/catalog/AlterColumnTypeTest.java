package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.SessionFacts.CatalogFacts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlterColumnTypeTest {

    private final AlterColumnType rule = new AlterColumnType();

    private static SessionFacts column(String currentType, String timeZone, int versionNum) {
        return RuleRun.facts(versionNum, new CatalogFacts() {
            @Override
            public Optional<String> columnType(QualifiedName table, String column) {
                return Optional.of(currentType);
            }

            @Override
            public Optional<String> sessionTimeZone() {
                return Optional.ofNullable(timeZone);
            }
        });
    }

    private List<Finding> change(String from, String to) {
        return RuleRun.check(rule, "alter table t alter column c type " + to, column(from, "Europe/Paris", RuleRun.PG17));
    }

    @ParameterizedTest(name = "{0} -> {1} keeps the table")
    @CsvSource(delimiter = '|', value = {
            "character varying(10)|varchar(20)", "character varying(10)|varchar", "character varying(10)|text",
            "text|varchar", "character varying|text", "numeric(10,2)|numeric(12,2)", "numeric(10,2)|numeric",
            "numeric(10,2)|decimal(10,2)", "timestamp(3) without time zone|timestamp", "time(0) without time zone|time(3)",
            "interval(2)|interval", "bit varying(4)|varbit(8)", "cidr|inet", "integer|int"})
    void binary_compatible_changes_are_allowed(String from, String to) {
        assertThat(change(from, to)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1} rewrites")
    @CsvSource(delimiter = '|', value = {
            "integer|bigint", "character varying(20)|varchar(10)", "text|varchar(50)", "character(5)|text",
            "character(5)|varchar(5)", "numeric(10,2)|numeric(12,3)", "numeric|numeric(10,2)",
            "timestamp without time zone|timestamp(3)", "inet|cidr", "character varying|citext",
            "timestamp without time zone|timestamptz"})
    void other_changes_rewrite(String from, String to) {
        assertThat(change(from, to)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("rewrites t and rebuilds all its indexes", "not binary-compatible");
            assertThat(f.fix()).contains("expand-migrate-contract", "ADD COLUMN c_new " + to, "DROP COLUMN c");
        });
    }

    @Test
    void timestamp_to_timestamptz_is_free_from_12_under_utc() {
        String sql = "alter table t alter column c type timestamptz";
        assertThat(RuleRun.check(rule, sql, column("timestamp without time zone", "UTC", RuleRun.PG12))).isEmpty();
        assertThat(RuleRun.check(rule, sql, column("timestamp without time zone", "Etc/UTC", RuleRun.PG17))).isEmpty();
        assertThat(RuleRun.check(rule, sql, column("timestamp without time zone", "UTC", RuleRun.PG11))).hasSize(1);
        assertThat(RuleRun.check(rule, sql, column("timestamp without time zone", null, RuleRun.PG17))).hasSize(1);
    }

    @Test
    void a_using_clause_always_rewrites() {
        assertThat(RuleRun.check(rule, "alter table t alter column c type varchar(20) using c::varchar(20)",
                column("character varying(10)", "UTC", RuleRun.PG17))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("USING"));
    }

    @Test
    void an_unknown_current_type_is_judged_unsafe() {
        assertThat(RuleRun.check(rule, "alter table t alter column c set data type varchar(20)")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("cannot see the column's current type"));
    }
}
