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

    static void flyway(String url, Properties credentials) throws Exception {
        String user = credentials.getProperty("user");
        String password = credentials.getProperty("password");
        Path inTransaction = Files.createTempDirectory("pgsafe-flyway-tx");
        Files.writeString(inTransaction.resolve("V1__create.sql"), "create table f_items (id int, v text);\n");
        Files.writeString(inTransaction.resolve("V2__index.sql"), "create index f_items_v on f_items (v);\n");
        AgentProbe.check("flyway-index-in-transaction-blocked", () -> {
            try {
                Flyway.configure().dataSource(url, user, password).schemas(SCHEMA)
                        .locations("filesystem:" + inTransaction).load().migrate();
                throw new AssertionError("Flyway migrated V2 (CREATE INDEX in a transaction) without a block");
            } catch (RuntimeException e) {
                SQLException cause = sqlCause(e);
                if (cause == null || !"PGS01".equals(cause.getSQLState())
                        || !cause.getMessage().contains("create-index-not-concurrently")) {
                    throw new AssertionError("expected a PGS01 create-index-not-concurrently cause, got " + e, e);
                }
                System.out.println("BLOCKED " + cause.getMessage().lines().findFirst().orElse(""));
            }
        });
        Path outside = Files.createTempDirectory("pgsafe-flyway-notx");
        Files.writeString(outside.resolve("V1__create.sql"), "create table f_items (id int, v text);\n");
        Files.writeString(outside.resolve("V2__index.sql"), "create index f_items_v on f_items (v);\n");
        Files.writeString(outside.resolve("V2__index.sql.conf"), "executeInTransaction=false\n");
        AgentProbe.check("flyway-index-outside-transaction-rewritten", () -> {
            // Flyway's default transactional advisory lock keeps a transaction open while a non-transactional
            // migration runs, and CREATE INDEX CONCURRENTLY waits for every older transaction: Flyway's own fix
            // for CONCURRENTLY migrations is session-level locks.
            var configuration = Flyway.configure().dataSource(url, user, password).schemas(SCHEMA)
                    .locations("filesystem:" + outside);
            configuration.getConfigurationExtension(
                    org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
            configuration.load().migrate();
            assertValidIndex(url, credentials, "f_items_v");
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
