package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import org.junit.jupiter.api.Test;

class ValidateInSameTransactionTest {

    private static SessionFacts afterNotValidAdd(boolean inTransaction) {
        TransactionState state = new TransactionState();
        state.observe(DdlParser.parse("alter table o add constraint f foreign key (c) references p not valid"),
                LockMode.SHARE_ROW_EXCLUSIVE, QualifiedName.of("o"));
        return new SessionFacts(Decide.PG17, inTransaction, state, SessionFacts.CatalogFacts.UNKNOWN);
    }

    @Test
    void validate_after_not_valid_add_in_the_same_transaction_is_blocked() {
        assertThat(Decide.message(Decide.decide("alter table o validate constraint f", afterNotValidAdd(true))))
                .startsWith("pgsafe blocked validate-in-same-transaction on o: VALIDATE CONSTRAINT f runs in the "
                        + "transaction that added it NOT VALID, so the SHARE ROW EXCLUSIVE lock")
                .contains("COMMIT after ADD CONSTRAINT f … NOT VALID");
    }

    @Test
    void validate_of_another_constraint_is_not_reported() {
        assertThat(Decide.ruleIds(Decide.decide("alter table o validate constraint g", afterNotValidAdd(true))))
                .isEmpty();
    }

    @Test
    void validate_in_autocommit_is_not_reported() {
        assertThat(Decide.ruleIds(Decide.decide("alter table o validate constraint f", afterNotValidAdd(false))))
                .isEmpty();
    }
}
