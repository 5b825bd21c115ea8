package io.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        CheckCommand check = new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return PgSafeCli.commandLine(check).execute(all);
    }

    private Path file(String name, String sql) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, sql);
        return path;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prints_findings_like_a_compiler_and_exits_1() throws Exception {
        Path v2 = file("V2__index.sql", "-- add an index\n\ncreate index users_email_idx on users (email);\n");
        assertThat(run("", v2.toString())).isEqualTo(CheckCommand.FINDINGS);
        assertThat(out()).startsWith(v2 + ":3:1: error create-index-not-concurrently: CREATE INDEX takes a SHARE lock")
                .contains("\n    fix: use create index CONCURRENTLY users_email_idx on users (email)")
                .endsWith("1 finding in 1 file\n");
    }

    @Test
    void a_clean_file_exits_0() throws Exception {
        Path v1 = file("V1__init.sql", "create table users (id bigint primary key, email text);\n"
                + "create index users_email_idx on users (email);\n");
        assertThat(run("", v1.toString())).isEqualTo(CheckCommand.CLEAN);
        assertThat(out()).isEqualTo("0 findings in 1 file\n");
    }

    @Test
    void flyway_script_with_concurrently_runs_outside_a_transaction() throws Exception {
        Path v3 = file("V3__concurrent.sql", "create index concurrently i on users (email);\n");
        assertThat(run("", "--format", "json", v3.toString())).isEqualTo(CheckCommand.CLEAN);
        JsonNode statement = new ObjectMapper().readTree(out()).at("/files/0/statements/0");
        assertThat(statement.get("inTransaction").asBoolean()).isFalse();
        assertThat(statement.get("findings")).isEmpty();
    }

    @Test
    void json_lists_every_statement_clean_or_not() throws Exception {
        Path v4 = file("V4__mixed.sql", "select 1;\ncreate index i on t (a);\n");
        assertThat(run("", "--format", "json", v4.toString())).isEqualTo(CheckCommand.FINDINGS);
        JsonNode file = new ObjectMapper().readTree(out()).at("/files/0");
        assertThat(file.get("path").asText()).isEqualTo(v4.toString());
        assertThat(file.get("statements")).hasSize(2);
        JsonNode second = file.at("/statements/1");
        assertThat(second.get("line").asInt()).isEqualTo(2);
        assertThat(second.get("text").asText()).isEqualTo("create index i on t (a)");
        assertThat(second.get("inTransaction").asBoolean()).isTrue();
        assertThat(second.at("/findings/0/rule").asText()).isEqualTo("create-index-not-concurrently");
        assertThat(second.at("/findings/0/severity").asText()).isEqualTo("error");
    }

    @Test
    void liquibase_changeset_with_run_in_transaction_false_is_outside_a_transaction() throws Exception {
        Path changelog = file("changelog.sql", "--liquibase formatted sql\n"
                + "--changeset me:1\ncreate table a (id int);\n"
                + "--changeset me:2 runInTransaction:false\ncreate index concurrently i on users (email);\n");
        assertThat(run("", "--format", "json", changelog.toString())).isEqualTo(CheckCommand.CLEAN);
        JsonNode statements = new ObjectMapper().readTree(out()).at("/files/0/statements");
        assertThat(statements.get(0).get("inTransaction").asBoolean()).isTrue();
        assertThat(statements.get(1).get("inTransaction").asBoolean()).isFalse();
    }

    @Test
    void goose_down_section_is_not_checked() throws Exception {
        Path goose = file("20240101_x.sql", "-- +goose Up\ncreate table a (id int);\n"
                + "-- +goose Down\ncreate index i on users (email);\n");
        assertThat(run("", goose.toString())).isEqualTo(CheckCommand.CLEAN);
    }

    @Test
    void directories_are_walked_in_migration_order() throws Exception {
        file("m/V10__c.sql", "create index c on t (a);");
        file("m/V2__b.sql", "create index b on t (a);");
        file("m/V1_1__a.sql", "create index a on t (a);");
        file("m/R__views.sql", "create index r on t (a);");
        assertThat(run("", dir.resolve("m").toString())).isEqualTo(CheckCommand.FINDINGS);
        assertThat(out().lines().filter(l -> l.contains(": error ")).map(l -> l.replaceFirst(":.*", "")))
                .extracting(p -> Path.of(p).getFileName().toString())
                .containsExactly("V1_1__a.sql", "V2__b.sql", "V10__c.sql", "R__views.sql");
    }

    @Test
    void standard_input_is_read_with_a_dash() {
        assertThat(run("create index i on t (a);", "-")).isEqualTo(CheckCommand.FINDINGS);
        assertThat(out()).startsWith("<stdin>:1:1: error create-index-not-concurrently");
    }

    @Test
    void unlexable_input_exits_2_with_its_position() {
        assertThat(run("select 1;\nselect 'oops", "-")).isEqualTo(CheckCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("<stdin>:2:8: error: unterminated quoted string starting at line 2, column 8");
    }

    @Test
    void unknown_rule_or_bad_option_value_exits_2_naming_it() throws Exception {
        Path v1 = file("V1__x.sql", "select 1;");
        assertThat(run("", "--rule", "no-such-rule", v1.toString())).isEqualTo(CheckCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown rule id no-such-rule");
        assertThat(run("", "--format", "xml", v1.toString())).isEqualTo(CheckCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format xml is not one of text, json, sarif, github");
    }

    @Test
    void github_format_writes_workflow_annotations() throws Exception {
        Path v2 = file("V2__index.sql", "create index i on t (a);");
        run("", "--format", "github", v2.toString());
        assertThat(out()).startsWith("::error file=" + v2.toString().replace(":", "%3A") + ",line=1,col=1,title=pgsafe create-index-not-concurrently::");
    }
}
