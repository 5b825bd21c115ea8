package io.pgsafe.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements that are safe in every case are never flagged, by any rule, on any version from 11 on, in a
 * transaction or not (CONCURRENTLY builds: outside one, where they can run).
 */
class SafeStatementsTest {

    private static final List<PgVersion> VERSIONS = List.of(PgVersion.of(11, 22), PgVersion.of(12, 22),
            PgVersion.of(14, 18), PgVersion.of(15, 13), PgVersion.of(16, 9), PgVersion.of(17, 5));

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from users where id = $1",
            "SELECT u.id, count(*) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id",
            "insert into users (id, email) values (?, ?)",
            "INSERT INTO audit SELECT * FROM staging",
            "create table users (id bigint generated always as identity primary key, email text not null)",
            "CREATE TABLE IF NOT EXISTS events (id bigint primary key, at timestamptz not null default now())",
            "alter table users add column last_seen timestamptz",
            "alter table users add column active boolean not null default true",
            "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free'",
            "alter table users add column created_at timestamptz default now()",
            "alter table users add column score numeric(10,2) default 0",
    })
    void never_flagged_in_or_out_of_a_transaction(String sql) {
        for (PgVersion version : VERSIONS) {
            for (boolean inTransaction : new boolean[] {false, true}) {
                assertThat(findingsOf(sql, version, inTransaction))
                        .as("%s on %s, in a transaction: %s", sql, version, inTransaction).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "create index concurrently users_email_idx on users (email)",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users USING btree (lower(email))",
            "drop index concurrently if exists users_email_idx",
    })
    void concurrent_forms_outside_a_transaction_are_never_flagged(String sql) {
        for (PgVersion version : VERSIONS) {
            if (version.versionNum() >= 140000 && version.versionNum() < 140004) {
                continue;
            }
            assertThat(findingsOf(sql, version, false)).as("%s on %s", sql, version).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"select 1", "insert into t values (1)", "create index concurrently i on t (a)"})
    void the_runtime_guard_lets_them_through_unchanged(String sql) {
        Decision decision = new Guard(PgSafeConfig.defaults()).decide(StatementSplitter.split(sql).get(0),
                SessionFacts.of(PgVersion.of(17, 5), false));
        assertThat(decision).isInstanceOfAny(Decision.Allow.class, Decision.Guard.class);
        if (decision instanceof Decision.Guard guard) {
            assertThat(guard.warnings()).isEmpty();
        }
    }

    /**
     * Every rule, lint-only ones included, asked directly (no exemption can hide a finding) — except
     * require-timeouts, which judges the file around the statement (was lock_timeout set before it?), not
     * the statement.
     */
    private static List<Finding> findingsOf(String sql, PgVersion version, boolean inTransaction) {
        RuleContext context = new RuleContext(DdlParser.parse(sql), SessionFacts.of(version, inTransaction));
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : RuleCatalog.all()) {
            if (rule.info().versions().contains(version) && !rule.id().equals("require-timeouts")) {
                rule.check(context, findings);
            }
        }
        return findings;
    }
}
