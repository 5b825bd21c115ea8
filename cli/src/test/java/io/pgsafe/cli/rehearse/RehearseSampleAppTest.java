package io.pgsafe.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsafe.cli.rehearse.RehearsalReport.LockReport;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import io.pgsafe.cli.rehearse.RehearseCommandTest.Observer;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The sample app's own migrations, read in place from {@code sample-app/src/main} (the Java migration V3 compiled
 * from its source here, since sample-app builds after cli), rehearsed with Flyway's API on 100k-row tables under
 * traffic, while the test's own pg_locks observer checks the report's figures.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearseSampleAppTest {

    /** Relative to the cli module (surefire's working directory), as a user would write the locations. */
    static final Path SAMPLE_APP = Path.of("..", "sample-app", "src", "main");
    static final Path MIGRATIONS = SAMPLE_APP.resolve("resources/db/migration");
    static final String V3 = "V3__Backfill_email_address";

    @TempDir
    static Path dir;

    private TestDatabase db;
    private Path classes;

    @BeforeAll
    void compileTheJavaMigration(TestDatabase db) throws Exception {
        this.db = db;
        assertThat(MIGRATIONS.resolve("safe")).as("the sample app's migrations").isDirectory();
        classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (its compiler builds the sample app's Java migration)").isNotNull();
        String flywayJar = Path.of(BaseJavaMigration.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int exit = javac.run(null, null, null, "-d", classes.toString(), "-classpath", flywayJar, "--release", "17",
                SAMPLE_APP.resolve("java/db/migration/safe/" + V3 + ".java").toString());
        assertThat(exit).as("javac of the sample app's V3").isZero();
    }

    /** A marked rehearsal database with the sample app's V1 applied by plain Flyway, topped up to 100k rows a table. */
    private TestDatabase hundredThousandRows(String hint, String target) throws Exception {
        TestDatabase marked = db.server().createDatabase(hint);
        marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal sample app'");
        migrate(marked, "1");
        // autovacuum off, so the row counts pg_class shows are the ones VACUUM (which counts every page) writes below
        marked.execute("alter table users set (autovacuum_enabled = false); alter table orders set (autovacuum_enabled = false);"
                + "insert into users (email) select 'user' || g || '@example.com' from generate_series(20001, 100000) g;"
                + "insert into orders (user_id, total) select 1 + (g % 100000), g % 100 from generate_series(20001, 100000) g");
        marked.execute("vacuum users");
        marked.execute("vacuum orders");
        if (!target.equals("1")) {
            migrate(marked, target);
        }
        return marked;
    }

    /** Plain Flyway (pgjdbc, no pgsafe) up to {@code target}: the state the rehearsal starts from. */
    private void migrate(TestDatabase database, String target) throws Exception {
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Flyway.configure(loader).dataSource(database.url(), database.user(), database.password())
                    .locations("filesystem:" + MIGRATIONS.resolve("safe"), "classpath:db/migration/safe")
                    .configuration(Map.of(FlywayConfig.TRANSACTIONAL_LOCK, "false")).target(target).load().migrate();
        }
    }

    private RehearsalReport rehearse(TestDatabase database, List<String> locations, int expectedExit, long gateMs,
                                     Observer observer, String name) throws Exception {
        Path json = dir.resolve(name + ".json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread thread = new Thread(observer, "test-observer");
        thread.start();
        int exit;
        try {
            exit = new CommandLine(new RehearseCommand(new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8))).execute(
                    "--flyway-locations", String.join(",", locations), "--flyway-classpath", classes.toString(),
                    "--url", database.url(), "--user", database.user(), "--password", database.password(),
                    "--traffic", "4", "--max-lock-window", gateMs + "ms", "--format", "json", "--output", json.toString());
        } finally {
            observer.stop();
            thread.join();
        }
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
        RehearsalReport report = new ObjectMapper().readValue(Files.readString(json), RehearsalReport.class);
        String markdown = ReportWriter.markdown(report);
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("rehearse-sample-app-" + name + ".md"), markdown);
        System.out.println(markdown);
        return report;
    }

    private static List<StatementReport> of(RehearsalReport report, String migration) {
        return report.statements().stream().filter(s -> s.file().equals(migration)).toList();
    }

    private static StatementReport first(RehearsalReport report, String migration) {
        return of(report, migration).get(0);
    }

    private static LockReport lock(StatementReport s, String relation) {
        return s.locks().stream().filter(l -> l.relation().equals(relation)).findFirst()
                .orElseThrow(() -> new AssertionError(s.file() + ":" + s.line() + " has no lock on " + relation + ": " + s.locks()));
    }

    /**
     * An autocommit statement's lock is gone when it returns, so only the sampler sees it: it shows {@code mode}, or,
     * when the statement was shorter than the sampler's longest gap on this loaded machine, no lock at all.
     */
    private static void autocommitLock(RehearsalReport report, StatementReport s, String relation, String mode) {
        assertThat(s.inTransaction()).isFalse();
        if (s.locks().isEmpty()) {
            assertThat(s.durationMs()).as(s.file() + ":" + s.line() + " missed by the sampler").isLessThanOrEqualTo(report.samplerMaxGapMs());
        } else {
            assertThat(lock(s, relation).mode()).isEqualTo(mode);
        }
    }

    /** The observer's sightings on the app's tables (Flyway's own schema history is not listed by design). */
    private static Map<String, Map<LockMode, Double>> onAppTables(Observer observer, TestDatabase database) throws Exception {
        Map<String, Map<LockMode, Double>> seen = observer.longestRuns(database);
        seen.keySet().retainAll(Set.of("public.users", "public.orders"));
        return seen;
    }

    @Test
    void the_safe_set_with_its_java_migration_passes_the_gate_and_agrees_with_pg_locks() throws Exception {
        long gate = RehearseCommandTest.gateForCatalogOnlyLocks();
        Observer observer = new Observer(db);
        try (TestDatabase database = hundredThousandRows("rehearse_sample_safe", "1")) {
            RehearsalReport report = rehearse(database, List.of("filesystem:" + MIGRATIONS.resolve("safe"),
                    "classpath:db/migration/safe"), RehearseCommand.PASSED, gate, observer, "safe");

            assertThat(report.statements()).extracting(StatementReport::file).containsSubsequence(
                    "V2__add_email_address.sql", V3, "V4__index_email_address.sql", "V5__stop_writing_email.sql",
                    "V6__contract_email.sql", "V7__orders_user_fk_not_valid.sql", "V8__orders_user_fk_validate.sql");
            assertThat(report.statements()).noneMatch(s -> s.sql().contains("flyway_schema_history"));

            StatementReport add = first(report, "V2__add_email_address.sql");
            assertThat(add.line()).isEqualTo(2);
            assertThat(add.inTransaction()).isTrue();
            assertThat(lock(add, "public.users").mode()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(lock(add, "public.users").tableRows()).isEqualTo(100_000);
            assertThat(lock(add, "public.users").windowMs()).isLessThanOrEqualTo(gate);

            // The Java migration: each JDBC statement attributed to it, outside a transaction, 2000 rows a batch.
            List<StatementReport> batches = of(report, V3).stream().filter(s -> s.sql().startsWith("update users")).toList();
            assertThat(batches).hasSize(100_000 / 2000 + 1); // the last batch finds nothing left
            assertThat(batches).allMatch(s -> s.line() == 0 && !s.inTransaction());
            assertThat(batches.stream().mapToLong(StatementReport::rowsTouched).sum()).isEqualTo(100_000);
            assertThat(batches.subList(0, 50)).allMatch(s -> s.rowsTouched() == 2000L);
            // An autocommit statement's lock is gone when it returns: only the sampler can see it, so a batch shorter
            // than the sampler's longest gap (tens of ms on a loaded machine) may show none, never another lock.
            assertThat(batches).allSatisfy(s -> {
                if (s.locks().isEmpty()) {
                    assertThat(s.durationMs()).as("a batch the sampler missed").isLessThanOrEqualTo(report.samplerMaxGapMs());
                } else {
                    assertThat(s.locks()).singleElement().matches(l -> l.relation().equals("public.users")
                            && l.mode().equals("ROW EXCLUSIVE") && !l.blocksWrites(), "ROW EXCLUSIVE on users");
                }
            });
            assertThat(batches).as("batches whose lock the sampler saw").anyMatch(s -> !s.locks().isEmpty());
            assertThat(of(report, V3)).filteredOn(s -> s.sql().startsWith("select pg_sleep")).hasSize(51)
                    .allMatch(s -> s.locks().isEmpty());
            assertThat(report.dataWrites()).filteredOn(w -> w.file().equals(V3)).hasSize(51);
            // the Markdown folds the batches into one row, and their rows into one figure
            String markdown = ReportWriter.markdown(report);
            assertThat(markdown).contains("` ×51 *(autocommit)* | ROW EXCLUSIVE on public.users (100,000 rows): ")
                    .contains("| " + V3 + " | `update users set email_address = email where id in (select id from users where"
                            + " email_address is null and email is not…` ×51 | 100,000 |");

            StatementReport index = first(report, "V4__index_email_address.sql");
            assertThat(index.line()).isEqualTo(3);
            assertThat(index.inTransaction()).as("executeInTransaction=false in its .sql.conf").isFalse();
            autocommitLock(report, index, "public.users", "SHARE UPDATE EXCLUSIVE");

            List<StatementReport> contract = of(report, "V6__contract_email.sql");
            assertThat(contract).extracting(StatementReport::line).containsExactly(4, 7, 8, 9, 10);
            assertThat(contract).noneMatch(StatementReport::inTransaction);
            assertThat(contract.get(0).pgsafe()).as("-- pgsafe:allow drop-column, read from the file").doesNotStartWith("blocked");
            autocommitLock(report, contract.get(2), "public.users", "SHARE UPDATE EXCLUSIVE");

            StatementReport notValid = first(report, "V7__orders_user_fk_not_valid.sql");
            assertThat(lock(notValid, "public.orders").mode()).isEqualTo("SHARE ROW EXCLUSIVE");
            assertThat(lock(notValid, "public.users").mode()).isEqualTo("SHARE ROW EXCLUSIVE");
            StatementReport validate = first(report, "V8__orders_user_fk_validate.sql");
            assertThat(lock(validate, "public.orders").mode()).isEqualTo("SHARE UPDATE EXCLUSIVE");

            assertThat(report.statements()).noneMatch(s -> s.pgsafe().startsWith("blocked"));
            assertThat(report.gateViolations()).isEmpty();
            assertThat(report.trafficWrites().get("operations")).isNotEqualTo(0);
            assertThat(report.rollback()).extracting(RehearsalReport.FileRollback::file).containsExactly(
                    "V2__add_email_address.sql", V3, "V4__index_email_address.sql", "V5__stop_writing_email.sql",
                    "V6__contract_email.sql", "V7__orders_user_fk_not_valid.sql", "V8__orders_user_fk_validate.sql");
            assertThat(report.rollback()).allMatch(r -> !r.found() && r.kind().equals("flyway undo"));
            assertThat(report.rollback()).filteredOn(r -> r.file().equals(V3)).singleElement()
                    .matches(r -> r.tool().equals("flyway (Java)") && r.recovery().contains("cannot be undone"), "V3's recovery");
            assertThat(database.queryForLong("select count(*) from flyway_schema_history where success and version = '8'")).isOne();

            Map<String, Map<LockMode, Double>> seen = onAppTables(observer, database);
            // the long ones, which the observer cannot miss: the batches and the concurrent build / VALIDATE
            assertThat(seen.get("public.users")).containsKeys(LockMode.ROW_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE);
            RehearseCommandTest.agree(report, seen, observer);
        }
    }

    @Test
    void the_unsafe_set_fails_the_gate_and_agrees_with_pg_locks() throws Exception {
        Observer observer = new Observer(db);
        try (TestDatabase database = hundredThousandRows("rehearse_sample_unsafe", "8")) {
            RehearsalReport report = rehearse(database, List.of("filesystem:" + MIGRATIONS.resolve("safe"),
                    "filesystem:" + MIGRATIONS.resolve("unsafe"), "classpath:db/migration/safe"),
                    RehearseCommand.GATE_FAILED, 100, observer, "unsafe");

            assertThat(report.statements()).extracting(StatementReport::file).containsExactly("V100__orm_index.sql",
                    "V101__orm_add_public_id.sql", "V102__orm_alter_type.sql", "V103__orm_rename.sql", "V104__orm_fk.sql");
            StatementReport index = first(report, "V100__orm_index.sql");
            assertThat(index.inTransaction()).isFalse();
            autocommitLock(report, index, "public.users", "SHARE");
            assertThat(index.pgsafe()).startsWith("rewritten (create-index-not-concurrently)");
            StatementReport volatileDefault = first(report, "V101__orm_add_public_id.sql");
            assertThat(lock(volatileDefault, "public.users").mode()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(lock(volatileDefault, "public.users").windowMs()).isGreaterThan(100);
            assertThat(volatileDefault.pgsafe()).startsWith("blocked: ").contains("add-column-volatile-default");
            StatementReport type = first(report, "V102__orm_alter_type.sql");
            assertThat(lock(type, "public.orders").mode()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(lock(type, "public.orders").tableRows()).isEqualTo(100_000);
            StatementReport fk = first(report, "V104__orm_fk.sql");
            assertThat(lock(fk, "public.orders").mode()).isEqualTo("SHARE ROW EXCLUSIVE");
            assertThat(lock(fk, "public.users").mode()).isEqualTo("SHARE ROW EXCLUSIVE");
            assertThat(report.gateViolations()).anyMatch(v -> v.startsWith(
                    "V101__orm_add_public_id.sql:2 holds ACCESS EXCLUSIVE on public.users (100000 rows)"));
            assertThat(report.gatePassed()).isFalse();

            Map<String, Map<LockMode, Double>> seen = onAppTables(observer, database);
            assertThat(seen.get("public.users")).containsKey(LockMode.ACCESS_EXCLUSIVE);
            assertThat(seen.get("public.orders")).containsKeys(LockMode.ACCESS_EXCLUSIVE, LockMode.SHARE_ROW_EXCLUSIVE);
            RehearseCommandTest.agree(report, seen, observer);
        }
    }
}
