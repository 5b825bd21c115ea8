package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.autocommit;
import static io.pgsafe.core.rules.catalog.Decide.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.SessionFacts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddForeignKeyValidatingTest {

    @Test
    void unnamed_foreign_key_in_autocommit_is_split_into_not_valid_and_validate_with_postgres_name() {
        Decision decision = autocommit("alter table orders add foreign key (customer_id, region) "
                + "references customers (id, region) on delete cascade");
        assertThat(Decide.steps(decision)).containsExactly(
                "alter table orders ADD CONSTRAINT orders_customer_id_region_fkey foreign key (customer_id, region) "
                        + "references customers (id, region) on delete cascade NOT VALID",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_region_fkey");
    }

    @Test
    void named_constraint_keeps_its_name_and_other_actions_stay_in_place() {
        Decision decision = autocommit("ALTER TABLE s.orders ADD COLUMN note text, "
                + "ADD CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES s.customers");
        assertThat(Decide.steps(decision)).containsExactly(
                "ALTER TABLE s.orders ADD COLUMN note text, ADD CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES "
                        + "s.customers NOT VALID",
                "ALTER TABLE s.orders VALIDATE CONSTRAINT fk_c");
        PlanStep validate = ((Decision.Rewrite) decision).steps().get(1);
        assertThat(validate.lock()).isEqualTo(LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(validate.longRunning()).isTrue();
    }

    @Test
    void in_a_transaction_it_is_blocked_with_the_two_transaction_fix() {
        assertThat(Decide.message(inTransaction("alter table o add foreign key (c) references p")))
                .startsWith("pgsafe blocked add-foreign-key-validating on o: ADD FOREIGN KEY takes a SHARE ROW "
                        + "EXCLUSIVE lock on o and on p")
                .contains("ALTER TABLE o ADD CONSTRAINT o_c_fkey foreign key (c) references p NOT VALID and COMMIT")
                .contains("ALTER TABLE o VALIDATE CONSTRAINT o_c_fkey");
    }

    @Test
    void not_valid_is_not_reported() {
        assertThat(Decide.ruleIds(autocommit("alter table o add constraint f foreign key (c) references p not valid")))
                .isEmpty();
    }

    @Test
    void inline_references_on_a_new_column_without_default_is_not_reported() {
        assertThat(Decide.ruleIds(autocommit("alter table o add column c bigint references p (id)"))).isEmpty();
    }

    @Test
    void inline_references_with_a_default_is_blocked_because_postgres_validates_it() {
        Decision decision = autocommit("alter table o add column c bigint default 1 references p (id)");
        assertThat(Decide.message(decision)).contains("checks the default of every row")
                .contains("ADD CONSTRAINT o_c_fkey FOREIGN KEY (c) REFERENCES p NOT VALID");
    }

    private static final SessionFacts.CatalogFacts PARTITIONED = new SessionFacts.CatalogFacts() {
        @Override
        public Optional<Boolean> isPartitioned(QualifiedName table) {
            return Optional.of(true);
        }
    };

    @Test
    void partitioned_table_before_18_gets_the_fix_only() {
        Decision decision = Decide.decide("alter table o add foreign key (c) references p", Decide.PG17, false,
                PARTITIONED);
        assertThat(Decide.message(decision)).contains("on each partition");
    }

    @Test
    void partitioned_table_from_18_is_rewritten() {
        assertThat(Decide.decide("alter table o add foreign key (c) references p", PgVersion.of(18, 0), false,
                PARTITIONED)).isInstanceOf(Decision.Rewrite.class);
    }
}
