package io.pgsafe.core.rules.live;

import static io.pgsafe.core.rules.live.RewritesMatchOriginalLiveTest.execute;
import static io.pgsafe.core.rules.live.RewritesMatchOriginalLiveTest.prepare;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rules claim about locks, checked against {@code pg_locks} on a real server: the original statement,
 * run in a transaction, takes the lock its rule declares (and, for rules that declare a scan, reads the table);
 * every step of every rewrite takes nothing stronger than SHARE UPDATE EXCLUSIVE, except the catalog-only
 * moments, which are proved catalog-only by reading no row ({@code pg_stat_xact_user_tables}).
 */
@PostgresTest
class IndexAndConstraintLockClaimsLiveTest {

    /**
     * The steps allowed a lock stronger than SHARE UPDATE EXCLUSIVE, because they only change the catalog:
     * ADD CONSTRAINT … NOT VALID records the constraint without checking rows; SET NOT NULL after a validated
     * CHECK (c IS NOT NULL) skips its scan (12+); ADD CONSTRAINT … USING INDEX adopts an index already built
     * (its implied SET NOT NULL likewise skips the scan); DROP CONSTRAINT removes the helper check.
     */
    private static final Pattern CATALOG_ONLY = Pattern.compile(
            "(?s).*(ADD CONSTRAINT .* NOT VALID|SET NOT NULL|USING INDEX|DROP CONSTRAINT).*");

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    static List<Arguments> originals() {
        return List.of(
                Arguments.of("create-index-not-concurrently", "", "create index i1 on items (price)", "items"),
                Arguments.of("drop-index-not-concurrently", "", "drop index items_name_idx", "items"),
                Arguments.of("reindex-not-concurrently", "", "reindex index items_name_idx", "items_name_idx"),
                Arguments.of("add-foreign-key-validating", "", "alter table items add foreign key (customer_id) "
                        + "references customers", "items"),
                Arguments.of("add-foreign-key-validating", "", "alter table items add foreign key (customer_id) "
                        + "references customers", "customers"),
                Arguments.of("add-check-validating", "", "alter table items add check (price > 0)", "items"),
                Arguments.of("validate-in-same-transaction", "", "alter table items add constraint f foreign key "
                        + "(customer_id) references customers not valid; alter table items validate constraint f",
                        "items"),
                Arguments.of("set-not-null", "", "alter table items alter email set not null", "items"),
                Arguments.of("add-unique-constraint", "", "alter table items add unique (email)", "items"),
                Arguments.of("add-primary-key", "", "alter table items add primary key (id)", "items"),
                Arguments.of("add-exclusion-constraint", "", "alter table items add exclude using btree (id with =)",
                        "items"),
                Arguments.of("detach-partition-not-concurrently", "", "alter table events detach partition "
                        + "events_2024", "events"),
                Arguments.of("detach-partition-not-concurrently", "", "alter table events detach partition "
                        + "events_2024", "events_2024"),
                Arguments.of("attach-partition-scan", "create table events_2026 (id bigint, at date not null); "
                        + "insert into events_2026 values (1, '2026-02-01')", "alter table events attach partition "
                        + "events_2026 for values from ('2026-01-01') to ('2027-01-01')", "events_2026"));
    }

    @ParameterizedTest(name = "{0}: {2} on {3}")
    @MethodSource("originals")
    void original_statement_takes_the_lock_its_rule_declares(String ruleId, String extraSetup, String sql,
                                                             String relation, TestDatabase db) throws SQLException {
        Rule rule = RuleCatalog.all().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
        String schema = "claims_" + SCHEMAS.incrementAndGet();
        try (Connection connection = db.connect()) {
            prepare(connection, schema);
            if (!extraSetup.isEmpty()) {
                execute(connection, extraSetup);
            }
            connection.setAutoCommit(false);
            try {
                long readBefore = rowsRead(connection, schema);
                execute(connection, sql);
                long read = rowsRead(connection, schema) - readBefore;
                LockMode strongest = LockProbe.strongest(LockProbe.locksHeld(connection, schema + "." + relation));
                assertThat(strongest).as("%s on %s", sql, relation).isEqualTo(rule.info().lock());
                if (rule.info().impact() == TableImpact.SCAN && !relation.equals("customers")) {
                    assertThat(read).as("scans by %s", sql).isPositive();
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pgsafe.core.rules.live.RewritesMatchOriginalLiveTest#rewrites")
    void rewrite_steps_take_at_most_share_update_exclusive_except_catalog_only_moments(String original,
            Set<String> ignored, TestDatabase db) throws Exception {
        String schema = "steps_" + SCHEMAS.incrementAndGet();
        try (Connection connection = db.connect(); Connection writer = db.connect()) {
            prepare(connection, schema);
            execute(writer, "set search_path = " + schema);
            Decision decision = new Guard(PgSafeConfig.defaults()).decide(StatementSplitter.split(original).get(0),
                    SessionFacts.of(new PgVersion(db.serverVersionNum()), false));
            for (PlanStep step : ((Decision.Rewrite) decision).steps()) {
                if (step.transactional()) {
                    checkInTransaction(connection, schema, step);
                    execute(connection, step.sql());
                } else {
                    checkAlongsideWriters(db, connection, writer, schema, step);
                }
            }
        }
    }

    /**
     * Why add-foreign-key-validating ignores {@code ADD COLUMN … REFERENCES} without DEFAULT: PostgreSQL reads no row
     * for it (every row holds NULL) and marks it valid; with a DEFAULT it checks every row.
     */
    @ParameterizedTest(name = "{0} scans: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "alter table items add column c2 bigint references customers|false",
            "alter table items add column c2 bigint default 1 references customers|true"})
    void inline_references_reads_the_table_only_with_a_default(String sql, boolean scans, TestDatabase db)
            throws SQLException {
        String schema = "inline_" + SCHEMAS.incrementAndGet();
        try (Connection connection = db.connect()) {
            prepare(connection, schema);
            connection.setAutoCommit(false);
            try {
                long before = queryLong(connection, "select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) from "
                        + "pg_stat_xact_user_tables where schemaname = '" + schema + "' and relname = 'items'");
                execute(connection, sql);
                long read = queryLong(connection, "select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) from "
                        + "pg_stat_xact_user_tables where schemaname = '" + schema + "' and relname = 'items'") - before;
                assertThat(read > 0).as("%s read items", sql).isEqualTo(scans);
                assertThat(queryLong(connection, "select count(*) from pg_constraint where conrelid = '" + schema
                        + ".items'::regclass and contype = 'f' and convalidated")).isEqualTo(1);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Why add-primary-key reports {@code PRIMARY KEY USING INDEX}: with a nullable column it reads the table (the
     * implied SET NOT NULL) under ACCESS EXCLUSIVE; with the column already NOT NULL it reads nothing.
     */
    @ParameterizedTest(name = "column NOT NULL first: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void primary_key_using_index_reads_the_table_only_for_nullable_columns(boolean notNullFirst, TestDatabase db)
            throws SQLException {
        String schema = "pk_using_" + SCHEMAS.incrementAndGet();
        try (Connection connection = db.connect()) {
            prepare(connection, schema);
            execute(connection, "create unique index items_id_uq on items (id)");
            if (notNullFirst) {
                execute(connection, "alter table items alter id set not null");
            }
            connection.setAutoCommit(false);
            try {
                long before = rowsRead(connection, schema);
                execute(connection, "alter table items add constraint items_pkey primary key using index items_id_uq");
                assertThat(rowsRead(connection, schema) - before > 0).isEqualTo(!notNullFirst);
                assertThat(LockProbe.strongest(LockProbe.locksHeld(connection, schema + ".items")))
                        .isEqualTo(LockMode.ACCESS_EXCLUSIVE);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** Runs the step in a transaction, reads its locks and the rows it read, and rolls it back. */
    private static void checkInTransaction(Connection connection, String schema, PlanStep step) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long readBefore = rowsRead(connection, schema);
            execute(connection, step.sql());
            long read = rowsRead(connection, schema) - readBefore;
            LockMode strongest = LockProbe.strongest(locksIn(connection, schema, "pg_backend_pid()"));
            if (strongest.isAtLeast(LockMode.SHARE)) {
                assertThat(step.sql().toUpperCase(Locale.ROOT)).as("a step over SHARE UPDATE EXCLUSIVE")
                        .matches(CATALOG_ONLY);
                assertThat(read).as("scans by the catalog-only step %s", step.sql()).isZero();
            }
            assertThat(step.lock()).as("the lock the plan declares for %s", step.sql()).isEqualTo(strongestOnTable(
                    connection, schema, step));
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /**
     * A CONCURRENTLY step cannot run in a transaction: it runs while another session holds ROW EXCLUSIVE (what
     * INSERT, UPDATE and DELETE take) on every table of the schema. It must get its locks anyway and then wait
     * for that writer's transaction; its locks are read from {@code pg_locks} while it waits.
     */
    private static void checkAlongsideWriters(TestDatabase db, Connection connection, Connection writer,
                                              String schema, PlanStep step) throws Exception {
        writer.setAutoCommit(false);
        execute(writer, "lock table items, customers, events in row exclusive mode");
        long pid;
        try (Connection runner = db.connect()) {
            execute(runner, "set search_path = " + schema);
            pid = queryLong(runner, "select pg_backend_pid()");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    execute(runner, step.sql());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Set<LockMode> seen = EnumSet.noneOf(LockMode.class);
            boolean waitedForWriter = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!waitedForWriter && System.nanoTime() < deadline && !running.isDone()) {
                seen.addAll(locksIn(connection, schema, Long.toString(pid)));
                waitedForWriter = queryLong(connection, "select count(*) from pg_locks where pid = " + pid
                        + " and not granted and locktype in ('virtualxid', 'transactionid')") > 0;
                Thread.sleep(10);
            }
            seen.addAll(locksIn(connection, schema, Long.toString(pid)));
            writer.commit();
            running.get(30, TimeUnit.SECONDS);
            assertThat(waitedForWriter).as("%s got its locks while a writer was active", step.sql()).isTrue();
            // Reaching the wait for the writer's transaction proves no lock it took or asked for conflicts with ROW
            // EXCLUSIVE (SHARE and above would have queued behind the writer instead). DETACH … CONCURRENTLY holds no
            // table lock while it waits (its first transaction, with SHARE UPDATE EXCLUSIVE, has committed), so
            // what pg_locks shows is at most SHARE UPDATE EXCLUSIVE, possibly nothing.
            assertThat(LockProbe.strongest(seen).isAtLeast(LockMode.SHARE)).as("locks of %s: %s", step.sql(), seen)
                    .isFalse();
        } finally {
            writer.setAutoCommit(true);
        }
    }

    /** Table lock modes (granted or requested) the backend has on relations of the schema. */
    private static Set<LockMode> locksIn(Connection connection, String schema, String pid) throws SQLException {
        Set<LockMode> modes = EnumSet.noneOf(LockMode.class);
        try (PreparedStatement query = connection.prepareStatement("select l.mode from pg_locks l join pg_class c "
                + "on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace where l.locktype = 'relation' "
                + "and l.pid = " + pid + " and n.nspname = ? and c.relkind in ('r', 'p')")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    modes.add(LockMode.fromPgLocksName(rows.getString(1)));
                }
            }
        }
        return modes;
    }

    /** The strongest lock held on the table the step names. */
    private static LockMode strongestOnTable(Connection connection, String schema, PlanStep step) throws SQLException {
        String table = step.sql().replaceFirst("(?is)^alter table (\\S+).*", "$1");
        return LockProbe.strongest(LockProbe.locksHeld(connection, schema + "." + table));
    }

    /**
     * Sequential and index scans this backend ran on the schema's tables and has not yet reported (from 15 the
     * counts of earlier transactions may still be pending, so callers take a difference within one transaction).
     */
    private static long rowsRead(Connection connection, String schema) throws SQLException {
        return queryLong(connection, "select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) "
                + "from pg_stat_xact_user_tables where schemaname = '" + schema + "'");
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
