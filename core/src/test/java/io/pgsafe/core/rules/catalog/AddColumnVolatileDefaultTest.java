package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.rules.SessionFacts.CatalogFacts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddColumnVolatileDefaultTest {

    private final AddColumnVolatileDefault rule = new AddColumnVolatileDefault();

    @Test
    void volatile_default_rewrites_on_11_and_later() {
        assertThat(RuleRun.check(rule, "alter table users add column token uuid default gen_random_uuid()"))
                .singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("add-column-volatile-default");
                    assertThat(f.lock()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
                    assertThat(f.actionIndex()).isZero();
                    assertThat(f.message()).contains("gen_random_uuid()", "rewrites users", "ACCESS EXCLUSIVE");
                    assertThat(f.fix()).contains("ALTER TABLE users ADD COLUMN token uuid;",
                            "ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid()", "in batches");
                });
    }

    @Test
    void stable_and_constant_defaults_are_fast_defaults_on_11_and_later() {
        assertThat(RuleRun.check(rule, "alter table t add column created_at timestamptz not null default now()"))
                .isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column a int default 0, add b text default 'random()'"))
                .isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column c timestamptz default current_timestamp")).isEmpty();
    }

    @Test
    void any_non_null_default_rewrites_before_11() {
        assertThat(RuleRun.check(rule, "alter table t add column a int default 0", RuleRun.PG10)).hasSize(1);
        assertThat(RuleRun.check(rule, "alter table t add column a int default 0", RuleRun.PG11)).isEmpty();
        assertThat(RuleRun.check(rule, "alter table t add column a int default null", RuleRun.PG10)).isEmpty();
    }

    @Test
    void the_catalog_decides_volatility_at_runtime() {
        CatalogFacts catalog = new CatalogFacts() {
            @Override
            public Optional<Boolean> isVolatileFunction(String name) {
                return Optional.of(name.equals("my_id"));
            }
        };
        assertThat(RuleRun.check(rule, "alter table t add column a bigint default my_id()",
                RuleRun.facts(RuleRun.PG17, catalog))).hasSize(1);
        assertThat(RuleRun.check(rule, "alter table t add column a bigint default now()",
                RuleRun.facts(RuleRun.PG17, catalog))).isEmpty();
    }

    @Test
    void each_action_is_judged_on_its_own() {
        assertThat(RuleRun.check(rule, "alter table t add column a int, add column b float8 default random()"))
                .singleElement().satisfies(f -> assertThat(f.actionIndex()).isEqualTo(1));
    }

    @Test
    void not_null_adds_the_check_constraint_steps() {
        assertThat(RuleRun.check(rule, "alter table t add column b float8 not null default random()"))
                .singleElement().satisfies(f -> assertThat(f.fix()).contains("CHECK (b IS NOT NULL) NOT VALID"));
    }
}
