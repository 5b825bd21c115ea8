package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import org.junit.jupiter.api.Test;

class AddEnumValueInTransactionTest {

    private final AddEnumValueInTransaction rule = new AddEnumValueInTransaction();

    @Test
    void adding_an_enum_value_in_a_transaction_fails_before_12() {
        assertThat(RuleRun.check(rule, "alter type mood add value 'ecstatic'", RuleRun.PG11)).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("SQLSTATE 25001");
                    assertThat(f.fix()).contains("executeInTransaction=false").doesNotContain("for you");
                });
    }

    @Test
    void outside_a_transaction_it_is_fine() {
        assertThat(RuleRun.check(rule, "alter type mood add value 'ecstatic'", RuleRun.facts(RuleRun.PG11, false)))
                .isEmpty();
    }

    @Test
    void the_rule_applies_only_before_12() {
        assertThat(rule.info().versions().contains(new PgVersion(RuleRun.PG11))).isTrue();
        assertThat(rule.info().versions().contains(new PgVersion(119_999))).isTrue();
        assertThat(rule.info().versions().contains(new PgVersion(RuleRun.PG12))).isFalse();
    }
}
