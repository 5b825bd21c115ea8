package io.pgsafe.core.rules.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.SessionFacts.CatalogFacts;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.rules.catalog.AddColumnVolatileDefault;
import io.pgsafe.core.rules.catalog.AlterColumnType;
import io.pgsafe.core.rules.catalog.ColumnAndTableRules;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves on a real server what the column and table rules claim: the lock each rule's {@code RuleInfo}
 * declares is the one {@code pg_locks} shows for a statement the rule fires on, and the version-dependent
 * facts the rules rely on ("rewrite or not", read from {@code pg_class.relfilenode}) hold on this server.
 * Every statement runs in a transaction that is rolled back, so the schema stays as {@link #schema} made it.
 */
@PostgresTest
class ColumnAndTableLockClaimsLiveTest {

    /** A statement that triggers each rule, and the relation whose lock the rule declares. */
    private static final Map<String, String[]> PROBES = Map.ofEntries(
            Map.entry("add-column-volatile-default", new String[] {
                    "alter table items add column token uuid default gen_random_uuid()", "items"}),
            Map.entry("add-column-required", new String[] {"alter table empty_items add column region text not null",
                    "empty_items"}),
            Map.entry("add-column-stored-generated", new String[] {
                    "alter table items add column total numeric generated always as (price * qty) stored", "items"}),
            Map.entry("add-column-serial", new String[] {"alter table items add column seq bigserial", "items"}),
            Map.entry("alter-column-type", new String[] {"alter table items alter column qty type bigint", "items"}),
            Map.entry("rename-column", new String[] {"alter table items rename column name to title", "items"}),
            Map.entry("rename-table", new String[] {"alter table items rename to products", "items"}),
            Map.entry("drop-column", new String[] {"alter table items drop column flag", "items"}),
            Map.entry("drop-table", new String[] {"drop table items cascade", "items"}),
            Map.entry("truncate", new String[] {"truncate items cascade", "items"}),
            Map.entry("whole-table-dml", new String[] {"update items set qty = 0", "items"}),
            Map.entry("vacuum-full", new String[] {"vacuum full items", "items"}),
            Map.entry("cluster", new String[] {"cluster items using items_pkey", "items"}),
            Map.entry("lock-table", new String[] {"lock table items", "items"}),
            Map.entry("set-tablespace", new String[] {"alter table items set tablespace pg_default", "items"}),
            Map.entry("set-logged-unlogged", new String[] {"alter table items set unlogged", "items"}),
            Map.entry("refresh-matview-not-concurrently", new String[] {"refresh materialized view items_mv",
                    "items_mv"}),
            Map.entry("add-enum-value-in-transaction", new String[] {"alter type mood add value 'ecstatic'",
                    "moods"}),
            Map.entry("create-trigger", new String[] {"create trigger items_touch before update on items for each row "
                    + "execute function touch()", "items"}));

    /** Statements that cannot run in a transaction block: their lock is read while they wait for it. */
    private static final Set<String> OUTSIDE_TRANSACTION = Set.of("vacuum-full");

    @BeforeAll
    static void schema(TestDatabase db) throws SQLException {
        db.execute("create table items (id bigint primary key, name varchar(10), price numeric(10,2), code char(5), "
                + "qty int, created timestamp, net cidr, bits bit varying(4), flag boolean)");
        db.execute("insert into items select g, 'n' || g, g, 'c', g, now(), '10.0.0.0/8', B'1', true "
                + "from generate_series(1, 100) g");
        db.execute("create index items_name_idx on items (name)");
        db.execute("create table empty_items (id bigint)");
        db.execute("create materialized view items_mv as select id from items");
        db.execute("create type mood as enum ('happy')");
        db.execute("create table moods (m mood)");
        db.execute("create function touch() returns trigger language plpgsql as $$begin return new; end$$");
    }

    static Stream<String> ruleIds() {
        return ColumnAndTableRules.RULES.stream().map(Rule::id);
    }

    @Test
    void every_rule_of_the_group_has_a_probe() {
        assertThat(PROBES.keySet()).containsExactlyInAnyOrderElementsOf(ruleIds().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleIds")
    void the_declared_lock_is_the_lock_postgres_takes(String ruleId, TestDatabase db) throws Exception {
        Rule rule = RuleCatalog.all().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
        String sql = PROBES.get(ruleId)[0];
        String relation = PROBES.get(ruleId)[1];

        int judgedOn = rule.info().versions().contains(new PgVersion(db.serverVersionNum()))
                ? db.serverVersionNum() : rule.info().versions().toExclusive() - 1;
        assertThat(findings(rule, sql, judgedOn)).as("%s fires on %s", ruleId, sql).isNotEmpty();

        Set<LockMode> taken = OUTSIDE_TRANSACTION.contains(ruleId) ? requested(db, sql, relation)
                : locksTaken(db, sql, relation);
        assertThat(LockProbe.strongest(taken)).as("pg_locks on %s after %s", relation, sql)
                .isEqualTo(rule.info().lock());
    }

    @ParameterizedTest(name = "ADD COLUMN … {0}: rewrite={1}")
    @CsvSource(delimiter = '|', value = {
            "a int default 0|false", "a timestamptz default now()|false", "a int default 1 + 2|false",
            "a int|false", "a float8 default random()|true", "a uuid default gen_random_uuid()|true",
            "a timestamptz default clock_timestamp()|true", "a numeric generated always as (price * 2) stored|true",
            "a bigserial|true", "a bigint generated always as identity|true"})
    void add_column_rewrites_only_for_volatile_or_filled_values(String column, boolean rewrite, TestDatabase db)
            throws Exception {
        assertThat(db.serverVersionNum()).isGreaterThanOrEqualTo(110000);
        assertThat(rewrites(db, "alter table items add column " + column)).isEqualTo(rewrite);
    }

    @ParameterizedTest(name = "volatile default {0}: the rule agrees with the server")
    @CsvSource(delimiter = '|', value = {"now()", "0", "random()", "gen_random_uuid()", "clock_timestamp()",
            "statement_timestamp()", "timeofday()", "md5('x')"})
    void the_volatile_default_rule_fires_exactly_when_the_server_rewrites(String expression, TestDatabase db)
            throws Exception {
        String sql = "alter table items add column a text default " + expression;
        boolean fires;
        try (Connection connection = db.connect()) {
            fires = !findings(new AddColumnVolatileDefault(), sql, liveFacts(connection)).isEmpty();
        }
        assertThat(fires).isEqualTo(rewrites(db, sql));
    }

    @ParameterizedTest(name = "{0} TYPE {1} (TimeZone {2})")
    @CsvSource(delimiter = '|', value = {
            "name|varchar(20)|UTC", "name|varchar|UTC", "name|text|UTC", "name|varchar(5)|UTC",
            "qty|bigint|UTC", "qty|integer|UTC", "price|numeric(12,2)|UTC", "price|numeric|UTC",
            "price|numeric(12,3)|UTC", "code|text|UTC", "code|varchar(5)|UTC", "net|inet|UTC",
            "created|timestamp(3)|UTC", "created|timestamptz|UTC", "created|timestamptz|Europe/Paris",
            "bits|varbit(8)|UTC", "bits|varbit(2)|UTC"})
    void the_type_change_rule_fires_exactly_when_the_server_rewrites(String column, String type, String timeZone,
                                                                       TestDatabase db) throws Exception {
        String sql = "alter table items alter column " + column + " type " + type;
        boolean fires;
        boolean rewrote;
        try (Connection connection = db.connect()) {
            execute(connection, "set timezone = '" + timeZone + "'");
            fires = !findings(new AlterColumnType(), sql, liveFacts(connection)).isEmpty();
            rewrote = rewrites(connection, sql, "items");
        }
        assertThat(fires).as("rule fires").isEqualTo(rewrote);
    }

    @Test
    void set_logged_unlogged_vacuum_full_and_cluster_rewrite(TestDatabase db) throws Exception {
        assertThat(rewrites(db, "alter table items set unlogged")).isTrue();
        assertThat(rewrites(db, "cluster items using items_pkey")).isTrue();
        try (Connection connection = db.connect()) {
            long before = relfilenode(connection, "items");
            execute(connection, "vacuum full items");
            assertThat(relfilenode(connection, "items")).isNotEqualTo(before);
        }
    }

    @Test
    void required_column_fails_on_a_table_with_rows_and_works_on_an_empty_one(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> locksTaken(db, "alter table items add column region text not null", "items"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
        assertThat(locksTaken(db, "alter table empty_items add column region text not null", "empty_items"))
                .contains(LockMode.ACCESS_EXCLUSIVE);
    }

    @Test
    void from_12_enum_values_are_added_in_a_transaction_but_usable_only_after_commit(TestDatabase db)
            throws Exception {
        assertThat(db.serverVersionNum()).isGreaterThanOrEqualTo(120000);
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "alter type mood add value 'calm'");
                assertThatThrownBy(() -> execute(connection, "select 'calm'::mood"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("55P04"));
            } finally {
                connection.rollback();
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static List<Finding> findings(Rule rule, String sql, int versionNum) {
        return findings(rule, sql, new SessionFacts(new PgVersion(versionNum), true, new TransactionState(),
                CatalogFacts.UNKNOWN));
    }

    private static List<Finding> findings(Rule rule, String sql, SessionFacts facts) {
        List<Finding> found = new ArrayList<>();
        rule.check(new RuleContext(DdlParser.parse(sql), facts), found);
        return found;
    }

    /** The catalog facts the JDBC layer would give, answered from this connection. */
    private static SessionFacts liveFacts(Connection connection) throws SQLException {
        int version = Integer.parseInt(query(connection, "show server_version_num"));
        CatalogFacts catalog = new CatalogFacts() {
            @Override
            public Optional<Boolean> isVolatileFunction(String name) {
                return Optional.of(unchecked(() -> query(connection, "select coalesce(bool_or(provolatile = 'v'), "
                        + "false) from pg_proc where proname = '" + name + "'")).equals("t"));
            }

            @Override
            public Optional<String> columnType(QualifiedName table, String column) {
                return Optional.of(unchecked(() -> query(connection, "select format_type(atttypid, atttypmod) from "
                        + "pg_attribute where attrelid = '" + table + "'::regclass and attname = '" + column + "'")));
            }

            @Override
            public Optional<String> sessionTimeZone() {
                return Optional.of(unchecked(() -> query(connection, "show timezone")));
            }
        };
        return new SessionFacts(new PgVersion(version), true, new TransactionState(), catalog);
    }

    private static boolean rewrites(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect()) {
            return rewrites(connection, sql, "items");
        }
    }

    /** Whether {@code sql}, run in a rolled-back transaction, gave the relation a new data file. */
    private static boolean rewrites(Connection connection, String sql, String relation) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long before = relfilenode(connection, relation);
            execute(connection, sql);
            return relfilenode(connection, relation) != before;
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static long relfilenode(Connection connection, String relation) throws SQLException {
        return Long.parseLong(query(connection, "select relfilenode from pg_class where oid = '" + relation
                + "'::regclass"));
    }

    /**
     * Like {@link LockProbe#locksTaken}, but by OID taken before the statement, so a DROP or RENAME of the relation
     * does not hide its locks.
     */
    private static Set<LockMode> locksTaken(TestDatabase db, String sql, String relation) throws SQLException {
        try (Connection connection = db.connect()) {
            long oid = oid(connection, relation);
            connection.setAutoCommit(false);
            try {
                execute(connection, sql);
                return modes(connection, "pid = pg_backend_pid() and relation = " + oid);
            } finally {
                connection.rollback();
            }
        }
    }

    /** The mode a statement that must run outside a transaction waits for, behind a reader of the relation. */
    private static Set<LockMode> requested(TestDatabase db, String sql, String relation) throws Exception {
        try (Connection reader = db.connect(); Connection runner = db.connect(); Connection observer = db.connect()) {
            long oid = oid(observer, relation);
            int runnerPid = Integer.parseInt(query(runner, "select pg_backend_pid()"));
            reader.setAutoCommit(false);
            execute(reader, "select count(*) from " + relation);
            execute(runner, "set lock_timeout = '10s'");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> unchecked(() -> {
                execute(runner, sql);
                return null;
            }));
            Set<LockMode> waiting = EnumSet.noneOf(LockMode.class);
            for (int i = 0; i < 200 && waiting.isEmpty(); i++) {
                waiting = modes(observer, "pid = " + runnerPid + " and relation = " + oid + " and not granted");
                Thread.sleep(25);
            }
            reader.rollback();
            running.get(30, TimeUnit.SECONDS);
            return waiting;
        }
    }

    private static Set<LockMode> modes(Connection connection, String where) throws SQLException {
        Set<LockMode> modes = EnumSet.noneOf(LockMode.class);
        try (PreparedStatement query = connection.prepareStatement(
                "select mode from pg_locks where locktype = 'relation' and " + where);
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                modes.add(LockMode.fromPgLocksName(rows.getString(1)));
            }
        }
        return modes;
    }

    private static long oid(Connection connection, String relation) throws SQLException {
        return Long.parseLong(query(connection, "select '" + relation + "'::regclass::oid"));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T unchecked(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
