package io.pgsafe.agent.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/** Flyway 13 through its API, against a plain jdbc:postgresql: URL, with the agent underneath. */
final class MigrationProbe {
    /** Flyway's own schema: the test database's public schema holds the other checks' tables. */
    private static final String SCHEMA = "pgsafe_flyway";
    private MigrationProbe() {
    }

    /**
     * One {@code migrate} of V1 (create table), V2 (a plain CREATE INDEX outside a transaction: rewritten to
     * CONCURRENTLY) and V3 (a plain CREATE INDEX in Flyway's transaction: blocked). Each runs in a new transaction
     * after V1's commit, so the table no longer counts as created in the same transaction.
     */
    static void flyway(String url, Properties credentials) throws Exception {
        String user = credentials.getProperty("user");
        String password = credentials.getProperty("password");
        Path migrations = Files.createTempDirectory("pgsafe-flyway");
        Files.writeString(migrations.resolve("V1__create.sql"), "create table f_items (id int, v text, w text);\n");
        Files.writeString(migrations.resolve("V2__index.sql"), "create index f_items_v on f_items (v);\n");
        Files.writeString(migrations.resolve("V2__index.sql.conf"), "executeInTransaction=false\n");
        Files.writeString(migrations.resolve("V3__index.sql"), "create index f_items_w on f_items (w);\n");
        // Flyway's default transactional advisory lock keeps a transaction open while a non-transactional
        // migration runs, and CREATE INDEX CONCURRENTLY waits for every older transaction: Flyway's own fix for
        // CONCURRENTLY migrations is session-level locks.
        var configuration = Flyway.configure().dataSource(url, user, password).schemas(SCHEMA)
                .locations("filesystem:" + migrations);
        configuration.getConfigurationExtension(
                org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        AgentProbe.check("flyway-index-in-transaction-blocked", () -> {
            try {
                configuration.load().migrate();
                throw new AssertionError("Flyway migrated V3 (CREATE INDEX in a transaction) without a block");
            } catch (RuntimeException e) {
                SQLException cause = sqlCause(e);
                if (cause == null || !"PGS01".equals(cause.getSQLState())
                        || !cause.getMessage().contains("create-index-not-concurrently")) {
                    throw new AssertionError("expected a PGS01 create-index-not-concurrently cause, got " + e, e);
                }
                System.out.println("BLOCKED " + cause.getMessage().lines().findFirst().orElse(""));
            }
        });
        AgentProbe.check("flyway-index-outside-transaction-rewritten",
                () -> assertValidIndex(url, credentials, "f_items_v"));
        AgentProbe.check("flyway-blocked-migration-not-applied", () -> {
            try (Connection c = DriverManager.getConnection(url, credentials); ResultSet rs = c.createStatement()
                    .executeQuery("select (select count(*) from pg_class where relname = 'f_items_w'), (select "
                            + "string_agg(version || ':' || success, ',' order by installed_rank) from " + SCHEMA
                            + ".flyway_schema_history where version is not null)")) {
                rs.next();
                AgentProbe.assertEquals(0L, rs.getLong(1), "index f_items_w (V3) exists");
                AgentProbe.assertEquals("1:true,2:true", rs.getString(2), "flyway_schema_history");
            }
        });
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static void assertValidIndex(String url, Properties credentials, String index) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, credentials); PreparedStatement p = c.prepareStatement(
                "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ?")) {
            p.setString(1, index);
            try (ResultSet rs = p.executeQuery()) {
                AgentProbe.assertEquals(true, rs.next(), "index " + index + " exists");
                AgentProbe.assertEquals(true, rs.getBoolean(1), "index " + index + " is valid");
            }
        }
    }
}
