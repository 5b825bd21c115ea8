package io.pgsafe.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What Flyway's API path does with a flyway.conf: its keys, placeholders, undo scripts, and a failing migration. */
@PostgresTest
class RehearseFlywayTest {

    @TempDir
    Path dir;

    @Test
    void a_failing_migration_stops_flyway_and_the_report_names_it(TestDatabase db) throws Exception {
        Path sql = Files.createDirectories(dir.resolve("sql"));
        Files.writeString(sql.resolve("V1__accounts.sql"), "create table accounts (id int primary key, name text);\n"
                + "insert into accounts select g, 'n' || g from generate_series(1, 1000) g;\n");
        Files.writeString(sql.resolve("V2__flag.sql"), "-- the table's name is a placeholder\nalter table ${table} add column flag boolean;\n");
        Files.writeString(sql.resolve("U2__flag.sql"), "alter table ${table} drop column flag;\n");
        Files.writeString(sql.resolve("V3__broken.sql"), "alter table accounts add column flag2 boolean;\nalter table nope add column x int;\n");
        Path conf = Files.writeString(dir.resolve("flyway.conf"), "flyway.url=jdbc:postgresql://production-db.invalid:5432/app\n"
                + "flyway.locations=filesystem:" + sql + "\nflyway.placeholders.table=accounts\n");
        try (TestDatabase marked = db.server().createDatabase("rehearse_flyway")) {
            marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal'");
            Path json = dir.resolve("report.json");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new CommandLine(new RehearseCommand(new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--flyway-config", conf.toString(),
                    "--url", marked.url(), "--user", marked.user(), "--password", marked.password(),
                    "--format", "json", "--output", json.toString());
            String errors = err.toString(StandardCharsets.UTF_8);

            assertThat(exit).as(errors).isEqualTo(RehearseCommand.GATE_FAILED);
            assertThat(errors).contains("pgsafe rehearse: the migration failed: V3__broken.sql:2 failed: 42P01 ");
            RehearsalReport report = new ObjectMapper().readValue(Files.readString(json), RehearsalReport.class);
            assertThat(report.statements()).extracting(s -> MigrationSet.where(s.file(), s.line())).containsExactly(
                    "V1__accounts.sql:1", "V1__accounts.sql:2", "V2__flag.sql", "V3__broken.sql:1", "V3__broken.sql:2");
            StatementReport placeholder = report.statements().get(2);
            assertThat(placeholder.sql()).as("the statement as Flyway sent it").isEqualTo("alter table accounts add column flag boolean");
            assertThat(placeholder.locks()).singleElement().matches(l -> l.mode().equals("ACCESS EXCLUSIVE")
                    && l.relation().equals("public.accounts"));
            assertThat(report.statements().get(1).rowsTouched()).isEqualTo(1000L);
            assertThat(report.statements().get(4).error()).startsWith("42P01 ");
            assertThat(report.rollback()).filteredOn(r -> r.file().equals("V2__flag.sql")).singleElement()
                    .matches(r -> r.found() && r.detail().equals("U2__flag.sql"));
            assertThat(report.notes()).anyMatch(n -> n.startsWith("flyway.url in flyway.conf is not used"));
            // Flyway rolled V3 back (one transaction): its first statement's column is not there; V1 and V2 are.
            assertThat(marked.queryForLong("select count(*) from information_schema.columns where table_name = 'accounts'"
                    + " and column_name in ('flag', 'flag2')")).isOne();
            assertThat(marked.queryForLong("select count(*) from flyway_schema_history where success")).isEqualTo(2);
        }
    }
}
