package io.pgsafe.agent.child;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The plain JDBC program the agent tests start in a child JVM ({@code java -javaagent:pgsafe-agent.jar -cp
 * <this>:<pgjdbc> …}). It knows nothing about pgsafe: it uses {@code jdbc:postgresql:} and reports each check as
 * {@code CHECK <name> ok} or {@code CHECK <name> FAIL <why>} on stdout.
 *
 * <p>Arguments: {@code <scenario> <url> <user> <password> [pgjdbc jar]}; scenarios {@code plain}, {@code unguarded},
 * {@code isolated}, {@code startup}, {@code wrapper}.
 */
public final class AgentProbe {
    private static String url;
    private static Properties credentials;
    private static int failures;

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        System.out.println("JAVA " + Runtime.version().feature());
        url = args[1];
        credentials = new Properties();
        credentials.setProperty("user", args[2]);
        credentials.setProperty("password", args[3]);
        switch (scenario) {
            case "plain" -> plain();
            case "unguarded" -> unguarded();
            case "isolated" -> isolated(args[4]);
            case "startup" -> startup();
            case "wrapper" -> wrapper();
            case "prepared" -> preparedDdl();
            case "telemetry" -> TelemetryProbe.run(url, credentials);
            case "attach" -> attach();
            case "hikari" -> HikariProbe.run(url, credentials);
            case "flyway" -> MigrationProbe.flyway(url, credentials);
            default -> throw new IllegalArgumentException(scenario);
        }
        System.out.println("DONE failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    interface Check {
        void run() throws Exception;
    }

    static void check(String name, Check check) {
        try {
            check.run();
            System.out.println("CHECK " + name + " ok");
        } catch (Throwable e) {
            failures++;
            System.out.println("CHECK " + name + " FAIL " + e);
            e.printStackTrace(System.out);
        }
    }

    static void expectBlocked(String rule, Check statement) throws Exception {
        try {
            statement.run();
        } catch (SQLException e) {
            if (!"PGS01".equals(e.getSQLState()) || e.getMessage() == null || !e.getMessage().contains(rule)) {
                throw new AssertionError("expected PGS01 naming " + rule + ", got " + e.getSQLState() + ": " + e, e);
            }
            System.out.println("BLOCKED " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        throw new AssertionError("not blocked: expected PGS01 naming " + rule);
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    static void plain() throws Exception {
        String rule = "create-index-not-concurrently";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists items cascade");
            s.execute("create table items (id serial primary key, v text)");
            s.executeUpdate("insert into items (v) values ('a'), ('b'), ('c')");

            check("blocked-in-transaction", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked(rule, () -> s.execute("create index items_v_tx on items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("blocked-after-begin", () -> {
                s.execute("begin");
                try {
                    expectBlocked(rule, () -> s.executeUpdate("create index items_v_begin on items (v)"));
                } finally {
                    s.execute("rollback");
                }
            });
            check("commit-ends-the-transaction", () -> {
                // A table created in this transaction is exempt; after commit() it is not any more (the agent
                // sees commit through its hook, as the wrapper sees it through its Connection).
                c.setAutoCommit(false);
                try {
                    s.execute("create table later_items (id int, v text)");
                    s.execute("create index later_items_id on later_items (id)");
                    c.commit();
                    expectBlocked(rule, () -> s.execute("create index later_items_v on later_items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                    s.execute("-- pgsafe:allow drop-table test clean-up\ndrop table if exists later_items");
                }
            });
            check("queries-unaffected", () -> {
                try (ResultSet rs = s.executeQuery("select count(*) from items")) {
                    rs.next();
                    assertEquals(3L, rs.getLong(1), "row count");
                }
                try (PreparedStatement p = c.prepareStatement("select v from items where id = ?")) {
                    p.setInt(1, 2);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        assertEquals("b", rs.getString(1), "prepared query");
                    }
                }
            });
            check("prepared-blocked", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked(rule, () -> c.prepareStatement("create index items_v_p on items (v)").execute());
                    c.rollback();
                    expectBlocked(rule, () -> c.prepareStatement("create index items_v_p on items (v)",
                            Statement.RETURN_GENERATED_KEYS).execute());
                    c.rollback();
                    expectBlocked(rule, () -> c.prepareStatement("create index items_v_p on items (v)",
                            new String[] {"id"}).execute());
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("callable-blocked", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked(rule, () -> {
                        try (CallableStatement call = c.prepareCall("create index items_v_c on items (v)")) {
                            call.execute();
                        }
                    });
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("generated-keys-blocked", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked(rule, () -> s.execute("create index items_v_g on items (v)",
                            Statement.RETURN_GENERATED_KEYS));
                    c.rollback();
                    expectBlocked(rule, () -> s.executeUpdate("create index items_v_g on items (v)",
                            new String[] {"id"}));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("batch-blocked", () -> {
                c.setAutoCommit(false);
                try (Statement b = c.createStatement()) {
                    b.addBatch("insert into items (v) values ('batch')");
                    expectBlocked(rule, () -> b.addBatch("create index items_v_b on items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("generated-keys-work", () -> {
                try (PreparedStatement p = c.prepareStatement("insert into items (v) values (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    p.setString(1, "d");
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        assertEquals(true, keys.next(), "a generated key");
                    }
                }
                s.executeUpdate("insert into items (v) values ('e')", new String[] {"id"});
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertEquals(true, keys.next(), "a generated key from Statement");
                }
                s.executeUpdate("delete from items where v in ('d', 'e')");
            });
            check("batch-works", () -> {
                try (Statement b = c.createStatement()) {
                    b.addBatch("insert into items (v) values ('x')");
                    b.addBatch("delete from items where v = 'x'");
                    int[] counts = b.executeBatch();
                    assertEquals(2, counts.length, "batch counts");
                }
            });
            check("rewritten-in-autocommit", () -> rewrittenInAutocommit(c));
            check("datasource-blocked", () -> {
                Class<?> type = Class.forName("org.postgresql.ds.PGSimpleDataSource");
                Object ds = type.getConstructor().newInstance();
                type.getMethod("setURL", String.class).invoke(ds, url);
                type.getMethod("setUser", String.class).invoke(ds, credentials.getProperty("user"));
                type.getMethod("setPassword", String.class).invoke(ds, credentials.getProperty("password"));
                try (Connection dc = ((javax.sql.DataSource) ds).getConnection(); Statement ds2 = dc.createStatement()) {
                    dc.setAutoCommit(false);
                    expectBlocked(rule, () -> ds2.execute("create index items_v_ds on items (v)"));
                    dc.rollback();
                }
            });
        }
    }

    /**
     * A plain CREATE INDEX in autocommit: the agent runs CREATE INDEX CONCURRENTLY instead. A second session holds
     * a lock the build must wait for, so pg_stat_activity can show the statement the server actually runs.
     */
    static void rewrittenInAutocommit(Connection c) throws Exception {
        try (Connection blocker = connect(); Statement b = blocker.createStatement();
             Connection watcher = connect()) {
            blocker.setAutoCommit(false);
            b.execute("lock table items in share update exclusive mode");
            CompletableFuture<Integer> build = CompletableFuture.supplyAsync(() -> {
                try (Statement s = c.createStatement()) {
                    int count = s.executeUpdate("create index items_v_idx on items (v)");
                    return count;
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            String seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen == null && System.nanoTime() < deadline) {
                try (PreparedStatement p = watcher.prepareStatement("select query from pg_stat_activity "
                        + "where pid <> pg_backend_pid() and query ilike '%items_v_idx%' and wait_event_type = 'Lock'")) {
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            seen = rs.getString(1);
                        }
                    }
                }
                Thread.sleep(20);
            }
            blocker.rollback();
            int count = build.get(60, TimeUnit.SECONDS);
            System.out.println("PG_STAT_ACTIVITY " + seen);
            if (seen == null || !seen.toLowerCase().contains("concurrently")) {
                throw new AssertionError("pg_stat_activity did not show CREATE INDEX CONCURRENTLY: " + seen);
            }
            assertEquals(0, count, "executeUpdate's count after the rewrite");
            try (PreparedStatement p = watcher.prepareStatement(
                    "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ?")) {
                p.setString(1, "items_v_idx");
                try (ResultSet rs = p.executeQuery()) {
                    assertEquals(true, rs.next(), "index items_v_idx exists");
                    assertEquals(true, rs.getBoolean(1), "index items_v_idx is valid");
                }
            }
        }
    }

    /**
     * Prepared and batched DDL through the executor (run with pgsafe.lock-timeout=300ms, lock-timeout-retries=1):
     * a Guard gets pgsafe's lock_timeout and retry, a plain CREATE INDEX in autocommit is rewritten.
     */
    static void preparedDdl() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists p_items cascade");
            s.execute("create table p_items (id serial primary key, v text)");
            s.executeUpdate("insert into p_items (v) values ('a'), ('b')");
            check("prepared-guard-lock-timeout", () -> {
                try (Connection blocker = connect(); Statement b = blocker.createStatement()) {
                    blocker.setAutoCommit(false);
                    b.execute("lock table p_items in access share mode");
                    long started = System.nanoTime();
                    try (PreparedStatement p = c.prepareStatement("alter table p_items add column c2 int")) {
                        p.execute();
                        throw new AssertionError("the prepared ALTER TABLE ran past an ACCESS SHARE lock");
                    } catch (SQLException e) {
                        long ms = (System.nanoTime() - started) / 1_000_000;
                        System.out.println("PREPARED_LOCK_TIMEOUT " + e.getSQLState() + " " + ms);
                        assertEquals("55P03", e.getSQLState(), "SQLState " + e);
                    } finally {
                        blocker.rollback();
                    }
                }
            });
            check("batch-guard-lock-timeout", () -> {
                try (Connection blocker = connect(); Statement b = blocker.createStatement();
                     Statement batch = c.createStatement()) {
                    blocker.setAutoCommit(false);
                    b.execute("lock table p_items in access share mode");
                    batch.addBatch("insert into p_items (v) values ('c')");
                    batch.addBatch("alter table p_items add column c3 int");
                    long started = System.nanoTime();
                    try {
                        batch.executeBatch();
                        throw new AssertionError("the batched ALTER TABLE ran past an ACCESS SHARE lock");
                    } catch (java.sql.BatchUpdateException e) {
                        long ms = (System.nanoTime() - started) / 1_000_000;
                        System.out.println("BATCH_LOCK_TIMEOUT " + e.getSQLState() + " " + ms + " counts "
                                + java.util.Arrays.toString(e.getUpdateCounts()));
                        assertEquals("55P03", e.getSQLState(), "SQLState " + e);
                        assertEquals(1, e.getUpdateCounts().length, "counts before the failed entry");
                    } finally {
                        blocker.rollback();
                    }
                }
            });
            check("prepared-rewritten-in-autocommit", () -> {
                try (PreparedStatement p = c.prepareStatement("create index p_items_v_idx on p_items (v)")) {
                    assertEquals(0, p.executeUpdate(), "executeUpdate's count after the rewrite");
                }
                assertValidIndex(c, "p_items_v_idx");
            });
            check("batch-rewritten-in-autocommit", () -> {
                try (Statement batch = c.createStatement()) {
                    batch.addBatch("insert into p_items (v) values ('d')");
                    batch.addBatch("create index p_items_id_v_idx on p_items (id, v)");
                    int[] counts = batch.executeBatch();
                    assertEquals("[1, 0]", java.util.Arrays.toString(counts), "batch counts");
                }
                assertValidIndex(c, "p_items_id_v_idx");
            });
            check("prepared-queries-unaffected", () -> {
                try (PreparedStatement p = c.prepareStatement("select count(*) from p_items where v <> ?")) {
                    p.setString(1, "zzz");
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        assertEquals(4L, rs.getLong(1), "row count");
                    }
                }
            });
        }
    }

    static void assertValidIndex(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                assertEquals(true, rs.next(), "index " + name + " exists");
                assertEquals(true, rs.getBoolean(1), "index " + name + " is valid");
            }
        }
    }

    /**
     * Dynamic attach: pgjdbc is loaded and a connection open before the agent arrives. Prints {@code READY <pid>},
     * waits for a line on stdin (the parent attaches the agent meanwhile), then checks the same connection and
     * statement are guarded (pgjdbc's classes retransformed in place).
     */
    static void attach() throws Exception {
        String rule = "create-index-not-concurrently";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists a_items cascade");
            s.execute("create table a_items (id int, v text)");
            check("unguarded-before-attach", () -> {
                c.setAutoCommit(false);
                try {
                    s.execute("create index a_items_v0 on a_items (v)");
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            check("blocked-after-attach", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked(rule, () -> s.execute("create index a_items_v1 on a_items (v)"));
                    c.rollback();
                    expectBlocked(rule, () -> c.prepareStatement("create index a_items_v2 on a_items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("new-connection-blocked-after-attach", () -> {
                try (Connection d = connect(); Statement t = d.createStatement()) {
                    d.setAutoCommit(false);
                    expectBlocked(rule, () -> t.execute("create index a_items_v3 on a_items (v)"));
                    d.rollback();
                }
            });
        }
    }

    /** With pgsafe.mode=off the agent instruments nothing: the DDL runs. */
    static void unguarded() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists off_items cascade");
            s.execute("create table off_items (id int, v text)");
            check("not-blocked-when-off", () -> {
                c.setAutoCommit(false);
                s.execute("create index off_items_v on off_items (v)");
                c.rollback();
                c.setAutoCommit(true);
            });
        }
    }

    /** pgjdbc in an app-server-like loader: a URLClassLoader whose parent is the platform loader. */
    static void isolated(String pgjdbcJar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {new File(pgjdbcJar).toURI().toURL()},
                ClassLoader.getPlatformClassLoader());
        Driver driver = (Driver) loader.loadClass("org.postgresql.Driver").getConstructor().newInstance();
        check("pgjdbc-not-on-app-classpath", () -> {
            try {
                Class.forName("org.postgresql.Driver");
                throw new AssertionError("org.postgresql.Driver is visible to the application loader");
            } catch (ClassNotFoundException expected) {
                // as intended
            }
            assertEquals(loader, driver.getClass().getClassLoader(), "driver loader");
        });
        try (Connection c = driver.connect(url, credentials); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists iso_items cascade");
            s.execute("create table iso_items (id int, v text)");
            check("isolated-blocked", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked("create-index-not-concurrently", () -> s.execute("create index iso_v on iso_items (v)"));
                    c.rollback();
                    expectBlocked("create-index-not-concurrently",
                            () -> c.prepareStatement("create index iso_v on iso_items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("isolated-queries-unaffected", () -> {
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "select 1");
                }
            });
        }
    }

    /** JVM start to the first connection's first query, in ms. */
    static void startup() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("STARTUP_MS " + ms);
        }
    }

    /** jdbc:pgsafe: beside the agent: the statement is judged once (the wrapper), not twice. */
    static void wrapper() throws Exception {
        String wrapped = url.replace("jdbc:postgresql:", "jdbc:pgsafe:postgresql:");
        try (Connection c = DriverManager.getConnection(wrapped, credentials); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists w_items cascade");
            s.execute("create table w_items (id int, v text)");
            check("wrapper-blocked", () -> {
                c.setAutoCommit(false);
                try {
                    expectBlocked("create-index-not-concurrently", () -> s.execute("create index w_v on w_items (v)"));
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            check("wrapper-rewrites-once", () -> s.execute("create index w_v2 on w_items (v)"));
        }
    }

    static void assertEquals(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }
}
