package io.pgsafe.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSetTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
        return path;
    }

    private MigrationSet.MigrationFile only(Path path) throws Exception {
        return MigrationSet.load(List.of(path)).files().get(0);
    }

    @Test
    void flyway_versions_in_order_undo_scripts_not_run_but_found() throws Exception {
        file("db/V10__late.sql", "create table late (id int);\n");
        file("db/V2__early.sql", "alter table t add column c text;\n");
        file("db/U2__early.sql", "alter table t drop column c;\n");
        file("db/V3__idx.sql", "create index concurrently t_c on t (c);\n");
        MigrationSet set = MigrationSet.load(List.of(dir.resolve("db")));
        assertThat(set.files()).extracting(f -> f.path().getFileName().toString())
                .containsExactly("V2__early.sql", "V3__idx.sql", "V10__late.sql");
        assertThat(set.files().get(0).rollback().found()).isTrue();
        assertThat(set.files().get(0).rollback().detail()).isEqualTo("U2__early.sql");
        assertThat(set.files().get(1).steps().get(0).transactionGroup()).as("CONCURRENTLY runs outside a transaction").isNull();
        assertThat(MigrationSet.recovery(set.files().get(1))).contains("stays INVALID: DROP INDEX CONCURRENTLY IF EXISTS t_c")
                .contains("inverse: DROP INDEX CONCURRENTLY IF EXISTS t_c");
        assertThat(set.files().get(2).rollback().found()).isFalse();
        assertThat(MigrationSet.recovery(set.files().get(2))).contains("DROP TABLE IF EXISTS late");
    }

    @Test
    void liquibase_changesets_are_transactions_of_their_own_and_rollback_lines_are_found() throws Exception {
        MigrationSet.MigrationFile f = only(file("changelog.sql", """
                --liquibase formatted sql
                --changeset ana:1
                alter table t add column c text;
                update t set c = 'x';
                --rollback alter table t drop column c;
                --changeset ana:2 runInTransaction:false
                create index concurrently t_c on t (c);
                """));
        assertThat(f.tool()).isEqualTo("liquibase");
        assertThat(f.steps()).hasSize(3);
        assertThat(f.steps().get(0).transactionGroup()).isNotNull().isEqualTo(f.steps().get(1).transactionGroup());
        assertThat(f.steps().get(2).transactionGroup()).isNull();
        assertThat(f.rollback().found()).isFalse();
        assertThat(f.rollback().detail()).isEqualTo("changesets without --rollback: ana:2");
    }

    @Test
    void goose_and_dbmate_down_sections_are_not_run_but_found() throws Exception {
        MigrationSet.MigrationFile goose = only(file("20240101_add.sql", """
                -- +goose Up
                alter table t add column c text;
                -- +goose Down
                alter table t drop column c;
                """));
        assertThat(goose.tool()).isEqualTo("goose");
        assertThat(goose.steps()).singleElement().matches(s -> s.sql().contains("add column"));
        assertThat(goose.rollback().found()).isTrue();
        assertThat(goose.rollback().detail()).contains("drop column c");

        MigrationSet.MigrationFile dbmate = only(file("20240102_idx.sql", """
                -- migrate:up transaction:false
                create index concurrently t_c on t (c);
                -- migrate:down
                """));
        assertThat(dbmate.tool()).isEqualTo("dbmate");
        assertThat(dbmate.steps()).singleElement().matches(s -> s.transactionGroup() == null);
        assertThat(dbmate.rollback().found()).isFalse();
        assertThat(dbmate.rollback().detail()).contains("empty");
    }

    @Test
    void golang_migrate_down_siblings_and_plain_files() throws Exception {
        file("m/000001_add.up.sql", "alter table t add column c text;\nupdate t set c = '';\n");
        file("m/000001_add.down.sql", "alter table t drop column c;\n");
        file("m/000002_more.up.sql", "alter table t add column d text;\n");
        MigrationSet set = MigrationSet.load(List.of(dir.resolve("m")));
        assertThat(set.files()).hasSize(2);
        assertThat(set.files().get(0).tool()).isEqualTo("golang-migrate");
        assertThat(set.files().get(0).rollback().found()).isTrue();
        assertThat(set.files().get(0).steps()).allMatch(s -> s.transactionGroup() != null);
        assertThat(set.files().get(1).rollback().found()).isFalse();
        assertThat(MigrationSet.recovery(set.files().get(1))).contains("ALTER TABLE t DROP COLUMN IF EXISTS d");

        MigrationSet.MigrationFile plain = only(file("fix.sql", "begin;\nalter table t add column e int;\ncommit;\n"));
        assertThat(plain.tool()).isEqualTo("plain");
        assertThat(plain.steps()).hasSize(3).allMatch(s -> s.transactionGroup() == null);
        assertThat(plain.rollback().found()).isFalse();
    }
}
