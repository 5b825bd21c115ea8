package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetNotNullTest {

    @Test
    void on_12_in_autocommit_it_becomes_check_validate_set_drop() {
        Decision decision = decide("alter table users alter column email set not null", PgVersion.of(12, 0), false);
        assertThat(Decide.steps(decision)).containsExactly(
                "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID",
                "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null",
                "alter table users alter column email set not null",
                "ALTER TABLE users DROP CONSTRAINT users_email_not_null");
        assertThat(((Decision.Rewrite) decision).steps().get(0).cleanup())
                .isEqualTo("ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_not_null");
    }

    @Test
    void on_18_the_helper_check_does_not_take_the_not_null_constraint_name() {
        assertThat(Decide.steps(decide("alter table users alter email set not null", PgVersion.of(18, 0), false)))
                .first().asString().contains("users_email_not_null_check");
    }

    @Test
    void before_12_it_is_blocked_with_a_fix() {
        assertThat(Decide.message(decide("alter table users alter email set not null", PgVersion.of(11, 9), false)))
                .contains("before PostgreSQL 12 no constraint lets it skip the scan");
    }

    @Test
    void in_a_transaction_it_is_blocked_with_the_separate_transactions_fix() {
        assertThat(Decide.message(Decide.inTransaction("alter table users alter email set not null")))
                .startsWith("pgsafe blocked set-not-null on users: SET NOT NULL holds an ACCESS EXCLUSIVE lock")
                .contains("in separate transactions: ALTER TABLE users ADD CONSTRAINT users_email_not_null");
    }

    @Test
    void a_validated_not_null_check_in_the_catalog_means_no_scan() {
        SessionFacts.CatalogFacts catalog = new SessionFacts.CatalogFacts() {
            @Override
            public Optional<Boolean> hasValidatedNotNullCheck(QualifiedName table, String column) {
                return Optional.of(true);
            }
        };
        assertThat(Decide.ruleIds(decide("alter table users alter email set not null", Decide.PG17, true, catalog)))
                .isEmpty();
    }

    @Test
    void the_check_validated_earlier_in_the_transaction_means_no_scan() {
        TransactionState state = new TransactionState();
        state.observe(DdlParser.parse("alter table users validate constraint users_email_not_null"),
                LockMode.SHARE_UPDATE_EXCLUSIVE, QualifiedName.of("users"));
        assertThat(Decide.ruleIds(decide("alter table users alter email set not null",
                new SessionFacts(Decide.PG17, true, state, SessionFacts.CatalogFacts.UNKNOWN)))).isEmpty();
    }

    @Test
    void drop_not_null_is_not_reported() {
        assertThat(Decide.ruleIds(Decide.autocommit("alter table users alter email drop not null"))).isEmpty();
    }
}
