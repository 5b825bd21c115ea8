package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafe.testsupport.MigrationCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file of the real-migration corpus lexes and splits with no error and losslessly. */
class CorpusSplitTest {

    private static Path corpus;

    @BeforeAll
    static void locateCorpus() {
        corpus = MigrationCorpus.directory().orElse(null);
        assumeTrue(corpus != null, "../shared/pg-migrations-corpus is absent: the corpus tests are skipped");
    }

    @TestFactory
    Stream<DynamicTest> every_file_splits_losslessly() {
        List<Path> files = MigrationCorpus.files(corpus);
        assertThat(files).hasSizeGreaterThanOrEqualTo(300);
        return files.stream().map(file -> DynamicTest.dynamicTest(corpus.relativize(file).toString(), () -> {
            String sql = MigrationCorpus.read(file);
            List<SqlStatement> statements = StatementSplitter.split(sql, SplitMode.MIGRATION_FILE);
            assertThat(Reassembly.reassemble(sql, statements)).isEqualTo(sql);
            assertThat(SqlLexer.tokenize(sql)).isNotEmpty();
            for (SqlStatement statement : statements) {
                assertThat(statement.text()).doesNotStartWith(";").isNotBlank();
            }
        }));
    }

    private static List<String> statementsOf(String relativePath) {
        return StatementSplitter.split(MigrationCorpus.read(corpus.resolve(relativePath)), SplitMode.MIGRATION_FILE)
                .stream().map(SqlStatement::text).toList();
    }

    @Test
    void commit_inside_a_dollar_quoted_body_does_not_split() {
        List<String> statements = statementsOf("supabase-storage/0029-create-prefixes.sql");
        assertThat(statements).noneMatch(s -> s.strip().equalsIgnoreCase("commit"));
        assertThat(statements).anyMatch(s -> s.contains("COMMIT;") && s.contains("$$"));
    }

    @Test
    void sql_standard_function_bodies_with_return_stay_whole() {
        List<String> statements = statementsOf("kestra/V1_1__initial.sql");
        assertThat(statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE FUNCTION FULLTEXT_SEARCH")
                && s.endsWith("END"));
        assertThat(statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE FUNCTION PARSE_ISO8601_DURATION")
                && s.endsWith("RETURN $1::interval"));
        assertThat(statements).noneMatch(s -> s.startsWith("RETURN") || s.startsWith("ELSE"));
    }

    @Test
    void comments_pressed_against_identifiers_are_comments() {
        List<SqlStatement> statements = StatementSplitter.split(
                MigrationCorpus.read(corpus.resolve("river/002_initial_schema.up.sql")), SplitMode.MIGRATION_FILE);
        SqlStatement first = statements.get(0);
        assertThat(first.text()).startsWith("CREATE TYPE /* TEMPLATE: schema */river_job_state AS ENUM(");
        List<String> significant = SqlLexer.tokenize(first.text()).stream()
                .filter(t -> !t.kind().isTrivia()).limit(3).map(t -> t.text(first.text())).toList();
        assertThat(significant).containsExactly("CREATE", "TYPE", "river_job_state");
    }

    @Test
    void drizzle_statement_breakpoints_separate_nothing_by_themselves() {
        List<String> statements = statementsOf("dokploy/0000_reflective_puck.sql");
        assertThat(statements).isNotEmpty().noneMatch(s -> s.contains("statement-breakpoint"));
    }

    @Test
    void explicit_transaction_statements_are_statements_of_their_own() {
        List<String> statements = statementsOf("trigger-dev/20230115194010_add_scheduler_source_model.sql");
        assertThat(statements).anyMatch(s -> s.equalsIgnoreCase("begin"));
        assertThat(statements).anyMatch(s -> s.equalsIgnoreCase("commit"));
    }
}
