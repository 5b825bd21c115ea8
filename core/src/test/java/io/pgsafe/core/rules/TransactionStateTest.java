package io.pgsafe.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import org.junit.jupiter.api.Test;

class TransactionStateTest {

    private final TransactionState state = new TransactionState();

    private void ran(String sql) {
        ParsedStatement parsed = DdlParser.parse(sql);
        state.observe(parsed, StatementLocks.lockOf(parsed, 170000), StatementLocks.tableOf(parsed));
    }

    @Test
    void tables_and_materialized_views_created_here_are_new() {
        ran("create table s.t (a int)");
        ran("create materialized view mv as select 1");
        assertThat(state.createdTable(new QualifiedName("s", "t"))).isTrue();
        assertThat(state.createdTable(QualifiedName.of("t"))).isTrue();
        assertThat(state.createdTable(QualifiedName.of("mv"))).isTrue();
        assertThat(state.createdTable(QualifiedName.of("other"))).isFalse();
    }

    @Test
    void a_new_table_renamed_into_place_is_still_new() {
        ran("create table users_new (id bigint)");
        ran("alter table users_new rename to users");
        assertThat(state.createdTable(QualifiedName.of("users"))).isTrue();
    }

    @Test
    void renaming_an_old_table_does_not_make_it_new() {
        ran("alter table users rename to people");
        assertThat(state.createdTable(QualifiedName.of("people"))).isFalse();
    }

    @Test
    void strong_locks_on_existing_tables_are_remembered_until_the_transaction_ends() {
        ran("alter table users add column a int");
        assertThat(state.strongLocks()).containsEntry(QualifiedName.of("users"), LockMode.ACCESS_EXCLUSIVE);
        state.endTransaction();
        assertThat(state.holdsStrongLock()).isFalse();
    }

    @Test
    void end_of_a_transaction_in_a_file_keeps_created_tables_but_reset_forgets_them() {
        ran("create table t (a int)");
        state.endTransaction();
        assertThat(state.createdTable(QualifiedName.of("t"))).isTrue();
        state.reset();
        assertThat(state.createdTable(QualifiedName.of("t"))).isFalse();
    }
}
