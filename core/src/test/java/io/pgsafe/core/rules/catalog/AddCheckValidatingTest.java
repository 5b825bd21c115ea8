package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.autocommit;
import static io.pgsafe.core.rules.catalog.Decide.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddCheckValidatingTest {

    @Test
    void check_on_one_column_is_named_table_column_check() {
        assertThat(Decide.steps(autocommit("alter table items add check (price > 0 and price < 1000)")))
                .containsExactly("alter table items ADD CONSTRAINT items_price_check check (price > 0 and price < "
                        + "1000) NOT VALID", "ALTER TABLE items VALIDATE CONSTRAINT items_price_check");
    }

    @Test
    void check_on_two_columns_is_named_table_check() {
        assertThat(Decide.steps(autocommit("alter table items add check (low <= high)")).get(0))
                .contains("ADD CONSTRAINT items_check check (low <= high) NOT VALID");
    }

    @Test
    void functions_casts_and_key_words_do_not_count_as_columns() {
        assertThat(ConstraintNames.checkColumn("length(trim(name)) > 0 and name is not null")).isEqualTo("name");
        assertThat(ConstraintNames.checkColumn("status::text in ('a', 'b')")).isEqualTo("status");
        assertThat(ConstraintNames.checkColumn("\"Total\" between 0 and 10")).isEqualTo("Total");
        assertThat(ConstraintNames.checkColumn("a > b")).isNull();
        assertThat(ConstraintNames.checkColumn("true")).isNull();
        assertThat(ConstraintNames.checkColumn("price > cast(0 as numeric)")).isEqualTo("price");
        assertThat(ConstraintNames.checkColumn("date >= date '2024-01-01'")).isEqualTo("date");
        assertThat(ConstraintNames.checkColumn("at at time zone 'UTC' > now()")).isEqualTo("at");
        assertThat(ConstraintNames.checkColumn("value > 0")).isEqualTo("value");
    }

    @Test
    void named_check_in_a_transaction_is_blocked_with_the_fix() {
        assertThat(Decide.message(inTransaction("alter table t add constraint positive check (n > 0)")))
                .startsWith("pgsafe blocked add-check-validating on t: ADD CHECK holds an ACCESS EXCLUSIVE lock")
                .contains("ALTER TABLE t ADD CONSTRAINT positive check (n > 0) NOT VALID and COMMIT");
    }

    @Test
    void not_valid_check_is_not_reported() {
        assertThat(Decide.ruleIds(autocommit("alter table t add constraint c check (n > 0) not valid"))).isEmpty();
    }
}
