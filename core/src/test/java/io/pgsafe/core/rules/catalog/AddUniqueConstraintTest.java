package io.pgsafe.core.rules.catalog;

import static io.pgsafe.core.rules.catalog.Decide.autocommit;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.rules.PlanStep;
import org.junit.jupiter.api.Test;

class AddUniqueConstraintTest {

    @Test
    void unnamed_unique_becomes_concurrent_index_then_using_index_with_postgres_name() {
        Decision decision = autocommit("alter table s.users add unique (email, tenant)");
        assertThat(Decide.steps(decision)).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY users_email_tenant_key ON s.users (email, tenant)",
                "alter table s.users ADD CONSTRAINT users_email_tenant_key UNIQUE USING INDEX users_email_tenant_key");
        PlanStep build = ((Decision.Rewrite) decision).steps().get(0);
        assertThat(build.cleanup()).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS s.users_email_tenant_key");
        assertThat(build.transactional()).isFalse();
    }

    @Test
    void named_deferrable_unique_keeps_name_and_deferrability() {
        assertThat(Decide.steps(autocommit("alter table t add constraint u unique (a) deferrable initially deferred")))
                .containsExactly("CREATE UNIQUE INDEX CONCURRENTLY u ON t (a)",
                        "alter table t ADD CONSTRAINT u UNIQUE USING INDEX u deferrable initially deferred");
    }

    @Test
    void include_or_nulls_not_distinct_gets_the_fix_not_a_rewrite() {
        assertThat(autocommit("alter table t add unique (a) include (b)")).isInstanceOf(Decision.Block.class);
        assertThat(autocommit("alter table t add unique nulls not distinct (a)")).isInstanceOf(Decision.Block.class);
    }

    @Test
    void in_a_transaction_it_is_blocked_with_the_fix() {
        assertThat(Decide.message(Decide.inTransaction("alter table t add unique (a)")))
                .startsWith("pgsafe blocked add-unique-constraint on t: ADD UNIQUE builds its index while holding an "
                        + "ACCESS EXCLUSIVE lock")
                .contains("Fix: CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON t (a) (outside a transaction), then "
                        + "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_key");
    }

    @Test
    void using_index_is_not_reported() {
        assertThat(Decide.ruleIds(autocommit("alter table t add constraint u unique using index u"))).isEmpty();
    }

    @Test
    void on_14_0_to_14_3_no_concurrent_rewrite() {
        assertThat(Decide.decide("alter table t add unique (a)", PgVersion.of(14, 2), false))
                .isInstanceOf(Decision.Block.class);
    }

    @Test
    void add_column_with_inline_unique_is_blocked_with_the_three_steps() {
        assertThat(Decide.message(autocommit("alter table users add column handle text unique")))
                .startsWith("pgsafe blocked add-unique-constraint on users: ADD COLUMN handle … UNIQUE builds a "
                        + "unique index over every row")
                .contains("Fix: ALTER TABLE users add column handle text; then CREATE UNIQUE INDEX CONCURRENTLY "
                        + "users_handle_key ON users (handle)")
                .contains("ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key");
    }

    @Test
    void add_column_without_unique_is_not_this_rule() {
        assertThat(autocommit("alter table users add column handle text")).isInstanceOf(Decision.Guard.class);
    }
}
