package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.autocommit;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.SessionFacts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddPrimaryKeyTest {

    private static final SessionFacts.CatalogFacts NOT_NULL = new SessionFacts.CatalogFacts() {
        @Override
        public Optional<Boolean> columnNotNull(QualifiedName table, String column) {
            return Optional.of(true);
        }
    };

    @Test
    void primary_key_on_not_null_columns_becomes_concurrent_index_then_using_index() {
        assertThat(Decide.steps(Decide.decide("alter table users add primary key (id)", Decide.PG17, false, NOT_NULL)))
                .containsExactly("CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id)",
                        "alter table users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey");
    }

    @Test
    void primary_key_on_possibly_nullable_columns_proves_not_null_first() {
        assertThat(Decide.steps(autocommit("alter table users add constraint pk primary key (id)"))).containsExactly(
                "ALTER TABLE users ADD CONSTRAINT users_id_not_null CHECK (id IS NOT NULL) NOT VALID",
                "ALTER TABLE users VALIDATE CONSTRAINT users_id_not_null",
                "CREATE UNIQUE INDEX CONCURRENTLY pk ON users (id)",
                "alter table users ADD CONSTRAINT pk PRIMARY KEY USING INDEX pk",
                "ALTER TABLE users DROP CONSTRAINT users_id_not_null");
    }

    @Test
    void before_12_nullable_columns_leave_only_the_fix() {
        assertThat(Decide.decide("alter table users add primary key (id)", PgVersion.of(11, 5), false))
                .isInstanceOf(Decision.Block.class);
        assertThat(Decide.decide("alter table users add primary key (id)", PgVersion.of(11, 5), false, NOT_NULL))
                .isInstanceOf(Decision.Rewrite.class);
    }

    @Test
    void using_index_is_reported_because_it_may_set_not_null_with_a_scan() {
        assertThat(Decide.message(autocommit("alter table users add constraint users_pkey primary key using index i")))
                .contains("sets NOT NULL on the index's columns").contains("-- pgsafe:allow add-primary-key");
    }

    @Test
    void in_a_transaction_it_is_blocked() {
        assertThat(Decide.message(Decide.inTransaction("alter table users add primary key (id)")))
                .startsWith("pgsafe blocked add-primary-key on users: ADD PRIMARY KEY builds its index")
                .contains("and reads every row to set NOT NULL on id");
    }

    @Test
    void unique_is_not_this_rule() {
        assertThat(Decide.ruleIds(autocommit("alter table users add unique (id)")))
                .doesNotContain(AddPrimaryKey.ID);
    }
}
