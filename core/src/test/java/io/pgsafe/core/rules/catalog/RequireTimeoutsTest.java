package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import org.junit.jupiter.api.Test;

class RequireTimeoutsTest {

    private final RequireTimeouts rule = new RequireTimeouts();
    private final SessionFacts file = SessionFacts.of(LintFindings.PG17, true);

    /** What the CLI does after each statement of a file: tell the file's state what ran. */
    private void ran(String sql) {
        ParsedStatement parsed = DdlParser.parse(sql);
        file.transaction().observe(parsed, StatementLocks.lockOf(parsed, 170002), StatementLocks.tableOf(parsed));
    }

    @Test
    void strong_lock_without_lock_timeout_is_flagged() {
        assertThat(LintFindings.of(rule, "ALTER TABLE users ADD COLUMN a text", file)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("lock_timeout").contains("users"));
        assertThat(LintFindings.of(rule, "CREATE INDEX i ON users (a)", file)).hasSize(1);
    }

    @Test
    void lock_timeout_set_earlier_in_the_file_satisfies_it() {
        ran("SET lock_timeout = '2s'");
        assertThat(LintFindings.of(rule, "ALTER TABLE users ADD COLUMN a text", file)).isEmpty();
        ran("COMMIT");
        assertThat(LintFindings.of(rule, "ALTER TABLE users ADD COLUMN b text", file)).isEmpty();
    }

    @Test
    void set_local_lasts_until_commit() {
        ran("SET LOCAL lock_timeout TO '1s'");
        assertThat(LintFindings.of(rule, "ALTER TABLE users DROP COLUMN a", file)).isEmpty();
        ran("COMMIT");
        file.transaction().reset();
        assertThat(LintFindings.of(rule, "ALTER TABLE users DROP COLUMN a", file)).hasSize(1);
    }

    @Test
    void a_timeout_of_zero_turns_it_off() {
        ran("SET lock_timeout = '2s'");
        ran("SET lock_timeout = 0");
        assertThat(LintFindings.of(rule, "ALTER TABLE users DROP COLUMN a", file)).hasSize(1);
    }

    @Test
    void weak_locks_and_new_tables_are_not_flagged() {
        assertThat(LintFindings.of(rule, "CREATE INDEX CONCURRENTLY i ON users (a)", file)).isEmpty();
        assertThat(LintFindings.of(rule, "CREATE TABLE t (id bigint)", file)).isEmpty();
        assertThat(LintFindings.of(rule, "SELECT 1", file)).isEmpty();
        assertThat(LintFindings.of(rule, "ALTER TABLE users VALIDATE CONSTRAINT c", file)).isEmpty();
    }
}
