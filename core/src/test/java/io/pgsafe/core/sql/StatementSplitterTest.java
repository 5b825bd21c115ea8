package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> texts(String sql) {
        return StatementSplitter.split(sql).stream().map(SqlStatement::text).toList();
    }

    private static List<String> fileTexts(String sql) {
        return StatementSplitter.split(sql, SplitMode.MIGRATION_FILE).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splits_at_top_level_semicolons_with_exact_boundaries() {
        String sql = "create table t (id int);\n  create index i on t (id) ;select 1";
        List<SqlStatement> statements = StatementSplitter.split(sql);
        assertThat(statements).extracting(SqlStatement::text)
                .containsExactly("create table t (id int)", "create index i on t (id)", "select 1");
        assertThat(statements).extracting(SqlStatement::start).containsExactly(0, 27, 53);
        assertThat(statements).extracting(SqlStatement::end).containsExactly(23, 51, 61);
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 2, 2);
        assertThat(statements).extracting(SqlStatement::column).containsExactly(1, 3, 29);
        assertThat(statements).extracting(SqlStatement::index).containsExactly(0, 1, 2);
    }

    @Test
    void never_splits_inside_quotes_comments_or_identifiers() {
        assertThat(texts("select ';', E'\\';', \"a;b\" -- x;y\n from t /* ; */; select 2"))
                .containsExactly("select ';', E'\\';', \"a;b\" -- x;y\n from t", "select 2");
    }

    @Test
    void never_splits_inside_dollar_bodies_holding_commit() {
        String fn = "create function f() returns void language plpgsql as $$\nbegin\n  commit;\n  perform 1;\nend\n$$";
        assertThat(texts(fn + ";\ncreate index i on t(a);")).containsExactly(fn, "create index i on t(a)");
    }

    @Test
    void never_splits_inside_parentheses() {
        assertThat(texts("create rule r as on insert to t do also (insert into a values (1); insert into b values (2)); select 1"))
                .containsExactly("create rule r as on insert to t do also (insert into a values (1); insert into b values (2))",
                        "select 1");
    }

    @Test
    void never_splits_inside_a_begin_atomic_body() {
        String fn = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                + "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a + 1;\nEND";
        assertThat(texts(fn + ";\nselect 1;")).containsExactly(fn, "select 1");
        String proc = "create procedure p() begin atomic insert into t values (1); end";
        assertThat(texts(proc + "; select 2")).containsExactly(proc, "select 2");
    }

    @Test
    void begin_outside_a_routine_is_a_transaction_statement() {
        assertThat(texts("begin; create index i on t(a); commit;"))
                .containsExactly("begin", "create index i on t(a)", "commit");
    }

    @Test
    void sql_standard_function_with_return_body() {
        String fn = "CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN a + b";
        assertThat(texts(fn + ";\nselect add(1, 2);")).containsExactly(fn, "select add(1, 2)");
    }

    @Test
    void leading_comments_belong_to_the_next_statement() {
        List<SqlStatement> statements = StatementSplitter.split(
                "select 1; -- pgsafe:allow create-index-not-concurrently small table\n/* b */ create index i on t(a)");
        assertThat(statements.get(1).leadingComments())
                .containsExactly("-- pgsafe:allow create-index-not-concurrently small table", "/* b */");
        assertThat(statements.get(1).text()).isEqualTo("create index i on t(a)");
        assertThat(statements.get(0).leadingComments()).isEmpty();
    }

    @Test
    void drizzle_statement_breakpoints_are_comments() {
        assertThat(texts("CREATE TABLE a (id int);--> statement-breakpoint\nCREATE INDEX i ON a (id);"))
                .containsExactly("CREATE TABLE a (id int)", "CREATE INDEX i ON a (id)");
    }

    @Test
    void empty_statements_and_trailing_trivia_make_no_statement() {
        assertThat(texts(";; -- nothing\n ;  ")).isEmpty();
        assertThat(texts("")).isEmpty();
        assertThat(texts("select 1 -- trailing")).containsExactly("select 1");
    }

    @Test
    void psql_meta_commands_are_passed_over_in_migration_files() {
        assertThat(fileTexts("\\set ON_ERROR_STOP on\nselect 1;\n\\connect other\ncreate table t (a int);"))
                .containsExactly("select 1", "create table t (a int)");
    }

    @Test
    void copy_from_stdin_data_is_passed_over_up_to_backslash_dot() {
        String sql = "COPY t (a, b) FROM stdin;\n1\tit's; here\n2\t$$\n\\.\nselect 1;";
        assertThat(fileTexts(sql)).containsExactly("COPY t (a, b) FROM stdin", "select 1");
    }

    @Test
    void copy_from_a_file_has_no_data_block() {
        assertThat(fileTexts("copy t from '/tmp/x';\nselect 'a';"))
                .containsExactly("copy t from '/tmp/x'", "select 'a'");
    }

    @Test
    void copy_data_without_terminator_runs_to_the_end() {
        assertThat(fileTexts("copy t from stdin;\n1\n2\n")).containsExactly("copy t from stdin");
    }

    @Test
    void in_jdbc_text_copy_from_stdin_has_no_inline_data() {
        assertThat(texts("copy t from stdin; select 1")).containsExactly("copy t from stdin", "select 1");
    }

    @Test
    void unterminated_dollar_body_is_an_error_with_position() {
        assertThatThrownBy(() -> StatementSplitter.split("select 1;\ncreate function f() as $$ begin"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessage("unterminated dollar-quoted string $$ starting at line 2, column 24");
    }

    @Test
    void statements_and_the_text_between_them_give_back_the_input() {
        String sql = "-- head\nselect 1 ;; /* c */ create index i on t (a)\n;\n\\set x\nupdate t set a = 1";
        List<SqlStatement> statements = StatementSplitter.split(sql, SplitMode.MIGRATION_FILE);
        assertThat(Reassembly.reassemble(sql, statements)).isEqualTo(sql);
    }
}
