package io.pgsafe.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.sql.StatementSplitter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardTest {

    private static final PgVersion PG17 = PgVersion.of(17, 2);

    private static Decision decide(String sql, boolean inTransaction) {
        return decide(PgSafeConfig.defaults(), sql, inTransaction);
    }

    private static Decision decide(PgSafeConfig config, String sql, boolean inTransaction) {
        return new Guard(config).decide(StatementSplitter.split(sql).get(0), SessionFacts.of(PG17, inTransaction));
    }

    private static PgSafeConfig config(Map<String, String> values) {
        return PgSafeConfig.layered(List.of(new ConfigSource("test", values)), RuleCatalog.ids());
    }

    @Test
    void queries_are_allowed_without_parsing() {
        assertThat(decide("select * from users where id = ?", true)).isSameAs(Decision.Allow.INSTANCE);
        assertThat(decide("update users set a = 1", true)).isSameAs(Decision.Allow.INSTANCE);
    }

    @Test
    void plain_create_index_in_a_transaction_is_blocked_with_the_fix() {
        Decision decision = decide("CREATE INDEX users_email_idx ON users (email)", true);
        assertThat(decision).isInstanceOf(Decision.Block.class);
        assertThat(((Decision.Block) decision).message())
                .startsWith("pgsafe blocked create-index-not-concurrently on users: CREATE INDEX takes a SHARE lock")
                .contains("Fix: use CREATE INDEX CONCURRENTLY users_email_idx ON users (email)")
                .contains("executeInTransaction=false")
                .endsWith("To allow: -- pgsafe:allow create-index-not-concurrently <reason>");
    }

    @Test
    void plain_create_index_in_autocommit_is_rewritten_to_concurrently() {
        Decision decision = decide("create unique index if not exists i on s.t using btree (a) include (b) where a > 0",
                false);
        assertThat(decision).isInstanceOf(Decision.Rewrite.class);
        Decision.Rewrite rewrite = (Decision.Rewrite) decision;
        assertThat(rewrite.steps()).singleElement().satisfies(step -> {
            assertThat(step.sql()).isEqualTo(
                    "create unique index CONCURRENTLY if not exists i on s.t using btree (a) include (b) where a > 0");
            assertThat(step.transactional()).isFalse();
            assertThat(step.longRunning()).isTrue();
            assertThat(step.cleanup()).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS s.i");
        });
    }

    @Test
    void allow_comment_lets_the_statement_run_and_keeps_the_reason() {
        Decision decision = decide("-- pgsafe:allow create-index-not-concurrently tiny lookup table\n"
                + "create index i on t (a)", true);
        assertThat(decision).isInstanceOfSatisfying(Decision.Guard.class, guard -> {
            assertThat(guard.action()).isEqualTo("allowed-by-comment");
            assertThat(guard.allowed()).singleElement()
                    .satisfies(a -> assertThat(a.reason()).isEqualTo("tiny lookup table"));
        });
    }

    @Test
    void warn_mode_runs_what_enforce_would_block() {
        Decision decision = decide(config(Map.of("pgsafe.mode", "warn")), "create index i on t (a)", true);
        assertThat(decision).isInstanceOfSatisfying(Decision.Guard.class,
                guard -> assertThat(guard.action()).isEqualTo("warned"));
    }

    @Test
    void a_rule_set_to_off_finds_nothing() {
        Decision decision = decide(config(Map.of("pgsafe.rules.create-index-not-concurrently", "off")),
                "create index i on t (a)", true);
        assertThat(decision).isInstanceOfSatisfying(Decision.Guard.class,
                guard -> assertThat(guard.action()).isEqualTo("guarded"));
    }

    @Test
    void concurrently_inside_a_transaction_is_blocked_before_the_server_refuses_it() {
        Decision decision = decide("create index concurrently i on t (a)", true);
        assertThat(decision).isInstanceOfSatisfying(Decision.Block.class, block -> assertThat(block.message())
                .startsWith("pgsafe blocked concurrently-in-transaction on t: CREATE INDEX … CONCURRENTLY cannot run"));
    }

    @Test
    void concurrent_build_in_autocommit_is_guarded_as_long_running() {
        Decision decision = decide("create index concurrently i on t (a)", false);
        assertThat(decision).isInstanceOfSatisfying(Decision.Guard.class,
                guard -> assertThat(guard.longRunning()).isTrue());
    }
}
