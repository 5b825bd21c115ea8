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
    void nothing_to_rehearse_and_files_with_a_flyway_configuration_are_usage_errors() throws Exception {
        assertThat(run("--url", "jdbc:postgresql://localhost/app")).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("nothing to rehearse: give migration files or folders (PATH…), or a Flyway configuration");
        Path v1 = Files.writeString(dir.resolve("V1__t.sql"), "create table t (id int);");
        assertThat(run(v1.toString(), "--flyway-locations", "filesystem:" + dir, "--url", "jdbc:postgresql://localhost/app"))
                .isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("give either migration files or folders (PATH…) or a Flyway configuration");
    }

    @Test
    void a_flyway_configuration_that_cannot_be_used_is_a_usage_error() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1/app";
        assertThat(run("--flyway-config", dir.resolve("flyway.conf").toString(), "--url", url)).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("--flyway-config " + dir.resolve("flyway.conf") + ": no such readable file");
        Path toml = Files.writeString(dir.resolve("flyway.toml"), "[flyway]\nlocations = [\"filesystem:sql\"]\n");
        assertThat(run("--flyway-config", toml.toString(), "--url", url)).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("TOML configuration is not read by pgsafe rehearse; give a flyway.conf with flyway.* keys");
        Path conf = Files.writeString(dir.resolve("app.conf"), "flyway.locations=filesystem:sql\nspring.flyway.enabled=true\n");
        assertThat(run("--flyway-config", conf.toString(), "--url", url)).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("spring.flyway.enabled is not a Flyway key: Flyway's keys start with flyway.");
        assertThat(run("--flyway-classpath", dir.resolve("target/classes").toString(), "--url", url)).isEqualTo(RehearseCommand.USAGE);
        assertThat(err()).contains("--flyway-classpath " + dir.resolve("target/classes") + ": no such directory or .jar file");
    }

    @Test
    void flyway_configuration_keys_are_flyways_and_the_connection_is_never_taken_from_them() throws Exception {
        Path conf = Files.writeString(dir.resolve("flyway.conf"), """
                flyway.url=jdbc:postgresql://prod-db:5432/app
                flyway.user=app
                flyway.locations=filesystem:sql
                flyway.table=schema_history
                """);
        FlywayConfig config = FlywayConfig.of(conf, java.util.List.of("filesystem:db/one", "classpath:db/two"), java.util.List.of(dir));
        assertThat(config.properties()).containsEntry("flyway.locations", "filesystem:db/one,classpath:db/two")
                .containsEntry("flyway.table", "schema_history").containsEntry(FlywayConfig.TRANSACTIONAL_LOCK, "false")
                .doesNotContainKeys("flyway.url", "flyway.user");
        assertThat(config.notes()).anyMatch(n -> n.startsWith("flyway.url in flyway.conf is not used: the rehearsal runs on --url"));
        assertThat(config.classpath()).containsExactly(dir);
        Path explicit = Files.writeString(dir.resolve("locked.conf"), FlywayConfig.TRANSACTIONAL_LOCK + "=true\n");
        assertThat(FlywayConfig.of(explicit, null, null).properties()).containsEntry(FlywayConfig.TRANSACTIONAL_LOCK, "true");
    }

    @Test
    void flyways_statement_text_is_matched_to_the_files_statements() {
        assertThat(FlywayRunner.normalize("-- the index\nCREATE INDEX  i\n  ON t (c) /* why */;"))
                .isEqualTo(FlywayRunner.normalize("create index i on t (c)"));
        assertThat(FlywayRunner.normalize("create index i on t (c)")).isNotEqualTo(FlywayRunner.normalize("create index j on t (c)"));
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
