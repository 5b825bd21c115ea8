package io.pgsafe.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage and connection errors exit with 2, before anything runs. */
class RehearseUsageTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        RehearseCommand command = new RehearseCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_url_that_is_not_postgresql_is_a_usage_error() throws Exception {
        Path v1 = Files.writeString(dir.resolve("V1__t.sql"), "create table t (id int);");
        assertThat(run(v1.toString(), "--url", "jdbc:mysql://localhost/app")).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("is not a jdbc:postgresql://host[:port]/database URL");
    }

    @Test
    void bad_options_are_usage_errors() throws Exception {
        Path v1 = Files.writeString(dir.resolve("V1__t.sql"), "create table t (id int);");
        assertThat(run(v1.toString(), "--url", "jdbc:postgresql://localhost/app", "--max-lock-window", "soon"))
                .isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("--max-lock-window soon is not a duration");
        assertThat(run(v1.toString(), "--url", "jdbc:postgresql://localhost/app", "--format", "sarif"))
                .isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("--format sarif is not one of markdown, json");
    }

    @Test
    void a_missing_path_and_an_unreachable_server_are_usage_errors() throws Exception {
        assertThat(run(dir.resolve("nope").toString(), "--url", "jdbc:postgresql://127.0.0.1:1/app")).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("cannot read");
        Path v1 = Files.writeString(dir.resolve("V1__t.sql"), "create table t (id int);");
        assertThat(run(v1.toString(), "--url", "jdbc:pgsafe:postgresql://127.0.0.1:1/app?connectTimeout=2"))
                .isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("Connection to 127.0.0.1:1 refused");
    }

    @Test
    void urls_are_taken_apart_and_put_together() {
        assertThat(RehearseCommand.plainUrl("jdbc:pgsafe:postgresql://h:5/app?ssl=true")).isEqualTo("jdbc:postgresql://h:5/app?ssl=true");
        assertThat(RehearseCommand.databaseOf("jdbc:postgresql://h:5/app?ssl=true")).isEqualTo("app");
        assertThat(RehearseCommand.withDatabase("jdbc:postgresql://h:5/app?ssl=true", "postgres"))
                .isEqualTo("jdbc:postgresql://h:5/postgres?ssl=true");
        assertThat(RehearseCommand.millis("--x", "1.5s")).isEqualTo(1500);
        assertThat(RehearseCommand.millis("--x", "250")).isEqualTo(250);
    }
}
