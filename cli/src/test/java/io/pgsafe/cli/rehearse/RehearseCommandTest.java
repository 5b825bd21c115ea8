package io.pgsafe.cli.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsafe.cli.rehearse.RehearsalReport.LockReport;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The expand-migrate-contract story on 100k-row tables, rehearsed with --copy and --traffic 4, while the test runs
 * its own pg_locks observer to check the report's figures.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearseCommandTest {

    @TempDir
    static Path dir;

    private TestDatabase db;
    private String maintenanceDb;

    @BeforeAll
    void createSource(TestDatabase db) throws Exception {
        this.db = db;
        this.maintenanceDb = RehearseCommand.databaseOf(db.server().jdbcUrl());
        db.execute("create table users (id bigint primary key, email text not null, score int not null default 0,"
                + " created_at timestamptz not null default now());"
                + "insert into users (id, email, score) select g, 'user' || g || '@example.com', g % 1000 from generate_series(1, 100000) g;"
                + "create table orders (id bigint primary key, user_id bigint not null, amount int not null);"
                + "insert into orders select g, (g % 100000) + 1, g % 500 from generate_series(1, 100000) g;"
                // autovacuum would commit transactions in the source while the test compares its counters; never
                // analysed, the tables also make the rehearsal count(*) them (reltuples is -1)
                + "alter table users set (autovacuum_enabled = false); alter table orders set (autovacuum_enabled = false)");
    }

    record Result(int exit, String out, String err) {
    }

    private Result rehearse(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RehearseCommand command = new RehearseCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(command).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path folder, String name, String text) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path safeSet() throws Exception {
        Path safe = dir.resolve("safe");
        write(safe, "V2__add_nickname.sql", "alter table users add column nickname text;\n");
        write(safe, "U2__add_nickname.sql", "alter table users drop column nickname;\n");
        write(safe, "V3__backfill_nickname_batch_1.sql",
                "update users set nickname = split_part(email, '@', 1) where id <= 1000 and nickname is null;\n");
        write(safe, "V4__index_email.sql", "create index concurrently users_email_idx on users (email);\n");
        write(safe, "V4__index_email.sql.conf", "executeInTransaction=false\n");
        write(safe, "V5__orders_user_fk_not_valid.sql",
                "alter table orders add constraint orders_user_fk foreign key (user_id) references users (id) not valid;\n");
        write(safe, "V6__orders_user_fk_validate.sql", "alter table orders validate constraint orders_user_fk;\n");
        return safe;
    }

    private Path unsafeSet() throws Exception {
        Path unsafe = dir.resolve("unsafe");
        write(unsafe, "V2__index_email.sql", "create index users_email_idx on users (email);\n");
        write(unsafe, "V3__score_bigint.sql", "alter table users alter column score type bigint;\n");
        write(unsafe, "V4__orders_user_fk.sql",
                "alter table orders add constraint orders_user_fk foreign key (user_id) references users (id);\n");
        return unsafe;
    }

    private RehearsalReport rehearseWithObserver(Path set, Observer observer, int expectedExit, String name) throws Exception {
        return rehearseWithObserver(set, observer, expectedExit, name, 100);
    }

    /**
     * The safe set's catalog-only locks last 8–30 ms on a quiet machine; when the machine is oversubscribed (load
     * average above twice its cores, as when several builds share it) scheduling alone can stretch them past
     * 100 ms, so its gate widens with the load. The unsafe set's windows (hundreds of ms) keep the 100 ms gate.
     */
    static long gateForCatalogOnlyLocks() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        return load > 2.0 * cores ? Math.min(1000, Math.round(100 * load / cores)) : 100;
    }

    private RehearsalReport rehearseWithObserver(Path set, Observer observer, int expectedExit, String name,
                                                 long gateMs) throws Exception {
        Path json = dir.resolve(name + ".json");
        Thread thread = new Thread(observer, "test-observer");
        thread.start();
        Result result;
        try {
            result = rehearse(set.toString(), "--url", db.url(), "--user", db.user(), "--password", db.password(),
                    "--copy", "--maintenance-db", maintenanceDb, "--traffic", "4", "--max-lock-window", gateMs + "ms",
                    "--format", "json", "--output", json.toString());
        } finally {
            observer.stop();
            thread.join();
        }
        assertThat(result.exit()).as(result.err()).isEqualTo(expectedExit);
        RehearsalReport report = new ObjectMapper().readValue(Files.readString(json), RehearsalReport.class);
        String markdown = ReportWriter.markdown(report);
        Path target = Path.of("target", "rehearse-" + name + ".md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, markdown);
        System.out.println(markdown);
        assertThat(copies()).as("the throw-away copy is dropped").isZero();
        return report;
    }

    private long copies() throws SQLException {
        return db.queryForLong("select count(*) from pg_database where datname like 'pgsafe_rehearsal_%'");
    }

    private static StatementReport statement(RehearsalReport report, String file) {
        return report.statements().stream().filter(s -> s.file().equals(file)).findFirst().orElseThrow();
    }

    private static Optional<LockReport> lock(StatementReport s, String relation) {
        return s.locks().stream().filter(l -> l.relation().equals(relation)).findFirst();
    }

    @Test
    void the_unsafe_set_fails_the_gate_and_its_figures_agree_with_pg_locks() throws Exception {
        Observer observer = new Observer(db);
        RehearsalReport report = rehearseWithObserver(unsafeSet(), observer, RehearseCommand.GATE_FAILED, "unsafe");

        StatementReport index = statement(report, "V2__index_email.sql");
        StatementReport type = statement(report, "V3__score_bigint.sql");
        StatementReport fk = statement(report, "V4__orders_user_fk.sql");
        assertThat(lock(index, "public.users")).get().extracting(LockReport::mode).isEqualTo("SHARE");
        assertThat(lock(type, "public.users")).get().extracting(LockReport::mode).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(lock(fk, "public.orders")).get().extracting(LockReport::mode).isEqualTo("SHARE ROW EXCLUSIVE");
        assertThat(lock(fk, "public.users")).get().extracting(LockReport::mode).isEqualTo("SHARE ROW EXCLUSIVE");
        assertThat(lock(type, "public.users").orElseThrow().tableRows()).isEqualTo(100_000);
        assertThat(index.pgsafe()).contains("create-index-not-concurrently");
        assertThat(type.pgsafe()).contains("alter-column-type");
        assertThat(fk.pgsafe()).contains("add-foreign-key-validating");
        assertThat(type.lockWindowMs()).isGreaterThan(100);
        assertThat(report.gateViolations()).anyMatch(v -> v.startsWith("V3__score_bigint.sql:1 holds ACCESS EXCLUSIVE on public.users (100000 rows)"));
        assertThat(report.gatePassed()).isFalse();
        assertThat(report.trafficReads().get("operations")).isNotEqualTo(0);
        assertThat(report.rollback()).allMatch(r -> !r.found());

        // The test's own observer: the strongest lock per relation, and every (relation, mode) window, agree.
        Map<String, Map<LockMode, Double>> seen = observer.longestRuns(db);
        for (String relation : List.of("public.users", "public.orders")) {
            assertThat(seen).as("observer saw " + relation).containsKey(relation);
            LockMode observedStrongest = seen.get(relation).keySet().stream().max(Enum::compareTo).orElseThrow();
            LockMode reported = report.statements().stream().flatMap(s -> s.locks().stream())
                    .filter(l -> l.relation().equals(relation)).map(l -> LockMode.valueOf(l.mode().replace(' ', '_')))
                    .max(Enum::compareTo).orElseThrow();
            assertThat(reported).as(relation).isEqualTo(observedStrongest);
        }
        assertThat(seen.get("public.users")).containsKeys(LockMode.SHARE, LockMode.ACCESS_EXCLUSIVE, LockMode.SHARE_ROW_EXCLUSIVE);
        agree(report, seen, observer);
    }

    /**
     * Every lock the observer saw is in the report on the same table, in the same mode or a stronger one (the report
     * gives a statement's strongest lock per table: a weaker lock the same statement took first, e.g. the driver's
     * catalog look-up, is folded into it). Where the mode is the same the window agrees: within max(40 ms, 25 %) plus
     * twice the longest sampling gap of each side when the observer saw it for 30 ms or more, else it is not longer
     * than the report's plus that margin.
     */
    static void agree(RehearsalReport report, Map<String, Map<LockMode, Double>> seen, Observer observer) {
        for (Map.Entry<String, Map<LockMode, Double>> relation : seen.entrySet()) {
            for (Map.Entry<LockMode, Double> mode : relation.getValue().entrySet()) {
                List<LockReport> onRelation = report.statements().stream().flatMap(s -> s.locks().stream())
                        .filter(l -> l.relation().equals(relation.getKey())).toList();
                LockMode strongest = onRelation.stream().map(l -> LockMode.valueOf(l.mode().replace(' ', '_')))
                        .max(Enum::compareTo).orElse(LockMode.NONE);
                assertThat(strongest).as(relation.getKey() + ": the observer saw " + mode.getKey() + ", the report has")
                        .isGreaterThanOrEqualTo(mode.getKey());
                double window = onRelation.stream().filter(l -> l.mode().equals(mode.getKey().sqlName()))
                        .mapToDouble(LockReport::windowMs).max().orElse(-1);
                double observed = mode.getValue();
                System.out.printf("agree: %-13s %-22s report %7.1f ms, observer %7.1f ms (gaps: sampler %.1f ms, observer %.1f ms)%n",
                        relation.getKey(), mode.getKey().sqlName(), window, observed, report.samplerMaxGapMs(), observer.maxGapMs());
                if (window < 0) {
                    assertThat(observed).as("a weaker lock folded into a stronger one is brief").isLessThan(30);
                    continue;
                }
                // each side can be off by its longest gap between samples, at both ends of the window
                double tolerance = Math.max(40, 0.25 * window) + 2 * (observer.maxGapMs() + report.samplerMaxGapMs());
                if (observed >= 30) {
                    assertThat(observed).as(relation.getKey() + " " + mode.getKey() + " window, observer vs report")
                            .isBetween(window - tolerance, window + tolerance);
                } else {
                    assertThat(observed).isLessThanOrEqualTo(window + tolerance);
                }
            }
        }
    }

    @Test
    void the_safe_set_passes_the_gate() throws Exception {
        Observer observer = new Observer(db);
        long gate = gateForCatalogOnlyLocks();
        RehearsalReport report = rehearseWithObserver(safeSet(), observer, RehearseCommand.PASSED, "safe", gate);

        StatementReport add = statement(report, "V2__add_nickname.sql");
        assertThat(lock(add, "public.users")).get().extracting(LockReport::mode).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(lock(add, "public.users").orElseThrow().windowMs()).isLessThan(gate);
        StatementReport backfill = statement(report, "V3__backfill_nickname_batch_1.sql");
        assertThat(backfill.rowsTouched()).isEqualTo(1000L);
        assertThat(lock(backfill, "public.users")).get().extracting(LockReport::mode).isEqualTo("ROW EXCLUSIVE");
        StatementReport concurrently = statement(report, "V4__index_email.sql");
        assertThat(concurrently.inTransaction()).isFalse();
        assertThat(lock(concurrently, "public.users")).get().extracting(LockReport::mode).isEqualTo("SHARE UPDATE EXCLUSIVE");
        StatementReport notValid = statement(report, "V5__orders_user_fk_not_valid.sql");
        assertThat(lock(notValid, "public.orders")).get().extracting(LockReport::mode).isEqualTo("SHARE ROW EXCLUSIVE");
        StatementReport validate = statement(report, "V6__orders_user_fk_validate.sql");
        assertThat(lock(validate, "public.orders")).get().extracting(LockReport::mode).isEqualTo("SHARE UPDATE EXCLUSIVE");
        assertThat(report.statements()).allMatch(s -> !s.pgsafe().startsWith("blocked"));
        assertThat(report.gateViolations()).isEmpty();
        assertThat(report.rollback()).filteredOn(r -> r.file().equals("V2__add_nickname.sql")).singleElement()
                .matches(r -> r.found() && r.detail().equals("U2__add_nickname.sql"));
        assertThat(report.dataWrites()).singleElement().matches(w -> w.rowsTouched() == 1000L);

        // Whatever lock the observer saw, the report has it, with a window that agrees.
        Map<String, Map<LockMode, Double>> seen = observer.longestRuns(db);
        assertThat(seen.get("public.users")).containsKey(LockMode.SHARE_UPDATE_EXCLUSIVE);
        agree(report, seen, observer);
    }

    @Test
    void refuses_a_database_not_marked_as_a_rehearsal_target() throws Exception {
        Path set = write(dir.resolve("tiny"), "V1__t.sql", "create table t (id int);\n");
        Result refused = rehearse(set.toString(), "--url", db.url(), "--user", db.user(), "--password", db.password());
        assertThat(refused.exit()).isEqualTo(RehearseCommand.USAGE);
        assertThat(refused.err()).contains("is not marked as a rehearsal database")
                .contains("--i-know-this-is-not-production")
                .contains("COMMENT ON DATABASE \"" + db.name() + "\" IS 'pgsafe:rehearsal")
                .contains("--copy");
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 't'")).isZero();

        try (TestDatabase marked = db.server().createDatabase("rehearse_marked")) {
            marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal staging copy, refreshed nightly'");
            Result ran = rehearse(set.toString(), "--url", marked.url(), "--user", db.user(), "--password", db.password());
            assertThat(ran.exit()).as(ran.err()).isEqualTo(RehearseCommand.PASSED);
            assertThat(ran.out()).contains("## Estimated lock window").contains("## Rollback plan")
                    .contains("**missing** — flyway undo");
            assertThat(marked.queryForLong("select count(*) from pg_class where relname = 't'")).isOne();
        }
    }

    @Test
    void copy_leaves_the_source_untouched() throws Exception {
        String before = checksum();
        long[] counters = stableCounters();
        Result result = rehearse(unsafeSet().toString(), "--url", db.url(), "--user", db.user(), "--password", db.password(),
                "--copy", "--maintenance-db", maintenanceDb);
        assertThat(result.exit()).as(result.err()).isEqualTo(RehearseCommand.GATE_FAILED);
        long[] after = stableCounters();
        assertThat(after).as("xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted of the source")
                .containsExactly(counters);
        assertThat(checksum()).isEqualTo(before);
        assertThat(db.queryForLong("select count(*) from pg_indexes where indexname = 'users_email_idx'")).isZero();
        assertThat(db.queryForString("select format_type(atttypid, atttypmod) from pg_attribute"
                + " where attrelid = 'users'::regclass and attname = 'score'")).isEqualTo("integer");
        assertThat(copies()).isZero();
    }

    @Test
    void a_liquibase_changeset_holds_its_first_lock_until_the_changeset_commits() throws Exception {
        Path changelog = write(dir.resolve("liquibase"), "changelog.sql", """
                --liquibase formatted sql
                --changeset ana:1
                alter table accounts add column flag boolean;
                update accounts set flag = true;
                --rollback alter table accounts drop column flag;
                --changeset ana:2 runInTransaction:false
                create index concurrently accounts_flag_idx on accounts (flag);
                --rollback drop index concurrently accounts_flag_idx;
                """);
        try (TestDatabase marked = db.server().createDatabase("rehearse_liquibase")) {
            marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal'");
            marked.execute("create table accounts (id int primary key, name text);"
                    + "insert into accounts select g, 'n' || g from generate_series(1, 20000) g; analyze accounts");
            Path json = dir.resolve("liquibase.json");
            Result result = rehearse(changelog.toString(), "--url", marked.url(), "--user", db.user(), "--password", db.password(),
                    "--traffic", "2", "--max-lock-window", "1ms", "--hot-table-rows", "1000", "--format", "json",
                    "--output", json.toString());
            assertThat(result.exit()).as(result.err()).isEqualTo(RehearseCommand.GATE_FAILED);
            assertThat(result.err()).contains("lock window over the limit: changelog.sql:3 holds ACCESS EXCLUSIVE on public.accounts");
            RehearsalReport report = new ObjectMapper().readValue(Files.readString(json), RehearsalReport.class);
            StatementReport add = report.statements().get(0);
            StatementReport update = report.statements().get(1);
            StatementReport index = report.statements().get(2);
            assertThat(update.rowsTouched()).isEqualTo(20_000L);
            assertThat(add.inTransaction()).isTrue();
            assertThat(index.inTransaction()).isFalse();
            LockReport held = lock(add, "public.accounts").orElseThrow();
            assertThat(held.mode()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(held.tableRows()).isEqualTo(20_000);
            // The window starts where the sampler first could have seen the lock, so it may begin a sampling gap
            // after the ADD COLUMN started; it must still cover the whole UPDATE that ran after it, up to COMMIT.
            assertThat(held.windowMs()).as("the ADD COLUMN's lock is held through the UPDATE until the changeset commits")
                    .isGreaterThanOrEqualTo(update.durationMs());
            assertThat(report.rollback()).singleElement().matches(r -> r.found() && r.tool().equals("liquibase"));
        }
    }

    @Test
    void copy_says_clearly_that_the_source_must_have_no_other_sessions() throws Exception {
        try (Connection session = db.connect()) {
            Result result = rehearse(unsafeSet().toString(), "--url", db.url(), "--user", db.user(), "--password", db.password(),
                    "--copy", "--maintenance-db", maintenanceDb);
            assertThat(result.exit()).isEqualTo(RehearseCommand.USAGE);
            assertThat(result.err()).contains("--copy cannot copy " + db.name())
                    .contains("needs no other sessions on it, and ").contains(" connected");
        }
        assertThat(copies()).isZero();
    }

    @Test
    void a_lock_wait_is_measured_and_not_counted_in_the_window() throws Exception {
        Path set = write(dir.resolve("wait"), "V2__add_flag.sql", "alter table items add column flag boolean;\n");
        try (TestDatabase marked = db.server().createDatabase("rehearse_wait")) {
            marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal'");
            marked.execute("create table items (id int primary key); insert into items select generate_series(1, 100)");
            try (Connection blocker = marked.connect(); Statement s = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                s.execute("select count(*) from items"); // ACCESS SHARE until the transaction ends
                Thread release = new Thread(() -> {
                    // Commit 500 ms after the migration is seen queued behind the blocker.
                    try (Connection watch = marked.connect(); Statement w = watch.createStatement()) {
                        long deadline = System.nanoTime() + 30_000_000_000L;
                        while (System.nanoTime() < deadline) {
                            try (ResultSet rs = w.executeQuery("select count(*) from pg_locks where not granted"
                                    + " and relation = 'items'::regclass")) {
                                rs.next();
                                if (rs.getInt(1) > 0) {
                                    break;
                                }
                            }
                            Thread.sleep(5);
                        }
                        Thread.sleep(500);
                        blocker.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                release.start();
                Path json = dir.resolve("wait.json");
                Result result = rehearse(set.toString(), "--url", marked.url(), "--user", db.user(), "--password", db.password(),
                        "--format", "json", "--output", json.toString());
                release.join();
                assertThat(result.exit()).as(result.err()).isEqualTo(RehearseCommand.PASSED);
                RehearsalReport report = new ObjectMapper().readValue(Files.readString(json), RehearsalReport.class);
                StatementReport add = report.statements().get(0);
                LockReport lock = lock(add, "public.items").orElseThrow();
                System.out.printf("wait test: waited %.1f ms, window %.1f ms, duration %.1f ms (sampler gap %.1f ms)%n",
                        add.lockWaitMs(), lock.windowMs(), add.durationMs(), report.samplerMaxGapMs());
                assertThat(lock.mode()).isEqualTo("ACCESS EXCLUSIVE");
                // the wait is the waitstart age at the last sample that saw it waiting: short of the true wait by at most a gap
                assertThat(add.lockWaitMs()).isBetween(500 - report.samplerMaxGapMs() - 20, 10_000.0);
                assertThat(add.durationMs()).isGreaterThanOrEqualTo(add.lockWaitMs() - 20);
                assertThat(lock.windowMs()).as("the window starts when the lock is granted").isLessThan(add.durationMs() - 350);
            }
        }
    }

    @Test
    void a_failing_migration_fails_the_rehearsal_and_stops_there() throws Exception {
        Path set = dir.resolve("failing");
        write(set, "V2__ok.sql", "create table a (id int);\n");
        write(set, "V3__broken.sql", "alter table missing add column x int;\n");
        write(set, "V4__never.sql", "create table b (id int);\n");
        try (TestDatabase marked = db.server().createDatabase("rehearse_failing")) {
            marked.execute("comment on database " + marked.name() + " is 'pgsafe:rehearsal'");
            Result result = rehearse(set.toString(), "--url", marked.url(), "--user", db.user(), "--password", db.password());
            assertThat(result.exit()).isEqualTo(RehearseCommand.GATE_FAILED);
            assertThat(result.err()).contains("the migration failed: V3__broken.sql:1 failed: 42P01");
            assertThat(result.out()).contains("**The migration failed:**").doesNotContain("V4__never.sql:1 |");
            assertThat(marked.queryForLong("select count(*) from pg_class where relname = 'b'")).isZero();
        }
    }

    private String checksum() throws SQLException {
        return db.queryForString("select (select md5(string_agg(u::text, ',' order by id)) from users u) || '/'"
                + " || (select md5(string_agg(o::text, ',' order by id)) from orders o)");
    }

    /** The source's pg_stat_database counters, read from the maintenance database once they stop moving. */
    private long[] stableCounters() throws Exception {
        long[] last = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection admin = db.server().open(); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(300);
                s.execute("select pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted,"
                        + " numbackends from pg_stat_database where datname = '" + db.name() + "'")) {
                    rs.next();
                    long[] now = {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                    if (last != null && java.util.Arrays.equals(last, now) && rs.getLong(6) == 0) {
                        return now;
                    }
                    last = now;
                }
            }
        }
        return last;
    }

    /**
     * The test's own pg_locks observer on the server's default database, for the migration backend by application_name.
     * A run of sightings is one lock held in one transaction: it ends when a sample misses the lock or shows it held in
     * another transaction (pg_stat_activity.xact_start), so back-to-back autocommit statements, such as a Java
     * migration's batches, are not merged into one window when a sample falls between them.
     */
    static final class Observer implements Runnable {
        private final TestDatabase db;
        private volatile boolean running = true;
        /** oid → mode → [start of the current run of sightings, longest run so far, last seen]. */
        private final Map<Long, Map<LockMode, long[]>> runs = new HashMap<>();
        /** oid → mode → the transaction (xact_start) the current run of sightings is in. */
        private final Map<Long, Map<LockMode, String>> runTransaction = new HashMap<>();
        private int samples;
        private long maxGap;
        private long lastSample = -1;

        Observer(TestDatabase db) {
            this.db = db;
        }

        void stop() {
            running = false;
        }

        int samples() {
            return samples;
        }

        double maxGapMs() {
            return maxGap / 1e6;
        }

        @Override
        public void run() {
            try (Connection c = db.server().open(); Statement s = c.createStatement()) {
                while (running) {
                    Map<Long, LockMode> now = new HashMap<>();
                    Map<Long, String> transaction = new HashMap<>();
                    try (ResultSet rs = s.executeQuery("select l.relation::bigint, l.mode, l.pid || '@' || coalesce(a.xact_start::text, '')"
                            + " from pg_locks l join pg_stat_activity a"
                            + " on a.pid = l.pid where a.application_name = '" + Rehearsal.APPLICATION_NAME + "'"
                            + " and l.locktype = 'relation' and l.granted")) {
                        while (rs.next()) {
                            try {
                                LockMode mode = LockMode.fromPgLocksName(rs.getString(2));
                                if (mode.compareTo(now.getOrDefault(rs.getLong(1), LockMode.NONE)) > 0) {
                                    now.put(rs.getLong(1), mode);
                                    transaction.put(rs.getLong(1), rs.getString(3));
                                }
                            } catch (IllegalArgumentException ignored) {
                                // not a table lock mode
                            }
                        }
                    }
                    long t = System.nanoTime();
                    samples++;
                    if (lastSample > 0 && !now.isEmpty()) {
                        maxGap = Math.max(maxGap, t - lastSample);
                    }
                    lastSample = t;
                    for (Map.Entry<Long, LockMode> e : now.entrySet()) {
                        long[] run = runs.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                                .computeIfAbsent(e.getValue(), k -> new long[] {-1, 0, -1});
                        String previous = runTransaction.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                                .put(e.getValue(), transaction.get(e.getKey()));
                        if (run[0] < 0 || !transaction.get(e.getKey()).equals(previous)) {
                            run[0] = t; // a new run: the lock was not seen, or is held in another transaction now
                        }
                        run[2] = t;
                        run[1] = Math.max(run[1], t - run[0]);
                    }
                    for (Map.Entry<Long, Map<LockMode, long[]>> e : runs.entrySet()) {
                        for (Map.Entry<LockMode, long[]> m : e.getValue().entrySet()) {
                            if (now.get(e.getKey()) != m.getKey()) {
                                m.getValue()[0] = -1; // the run of sightings ended
                            }
                        }
                    }
                    Thread.sleep(1);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Per relation name (resolved in the source: a template copy keeps oids), per mode, the longest run of sightings in ms. */
        Map<String, Map<LockMode, Double>> longestRuns(TestDatabase source) throws SQLException {
            Map<String, Map<LockMode, Double>> result = new HashMap<>();
            for (Map.Entry<Long, Map<LockMode, long[]>> e : runs.entrySet()) {
                String name = source.queryForString("select coalesce((select n.nspname || '.' || c.relname from pg_class c"
                        + " join pg_namespace n on n.oid = c.relnamespace where c.oid = ? and c.relkind in ('r', 'p')), '')", e.getKey());
                if (name.isEmpty() || name.startsWith("pg_catalog.")) {
                    continue;
                }
                Map<LockMode, Double> modes = new HashMap<>();
                e.getValue().forEach((mode, run) -> modes.put(mode, run[1] / 1e6));
                result.put(name, modes);
            }
            return result;
        }
    }
}
