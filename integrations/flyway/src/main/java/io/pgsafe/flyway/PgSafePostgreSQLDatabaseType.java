package io.pgsafe.flyway;

import java.sql.Connection;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;

/**
 * Lets Flyway's URL mode ({@code Flyway.configure().dataSource(url, user, password)}, {@code flyway.url} in the
 * Maven and Gradle plugins) accept {@code jdbc:pgsafe:postgresql://…} URLs.
 *
 * <p>Flyway turns a URL into a connection through the database types that claim the URL's prefix, and throws
 * "No Flyway database plugin found to handle …" for any prefix none of them knows. This type claims exactly
 * {@code jdbc:pgsafe:postgresql:} and names {@link io.pgsafe.jdbc.PgSafeDriver} as the driver.
 *
 * <p>It never competes with Flyway's own PostgreSQL type for a connection: once connected, Flyway picks the
 * database type again from {@code DatabaseMetaData.getDatabaseProductName()} ("PostgreSQL", passed straight through
 * by pgsafe), and this type declines there, so Flyway's stock {@link PostgreSQLDatabaseType} does all the database
 * work (parser, schema history, locking) whether Flyway was given a URL or a {@code DataSource}. Its priority is
 * also below the stock type's.
 *
 * <p>Registered through {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 */
public class PgSafePostgreSQLDatabaseType extends PostgreSQLDatabaseType {

    /** The only URL prefix this type claims. */
    public static final String URL_PREFIX = "jdbc:pgsafe:postgresql:";

    /** pgsafe's driver class; named as a string so that loading this type never loads the driver early. */
    public static final String DRIVER_CLASS = "io.pgsafe.jdbc.PgSafeDriver";

    @Override
    public String getName() {
        return "PostgreSQL (pgsafe)";
    }

    @Override
    public int getPriority() {
        // Below Flyway's own PostgreSQL type (0): if both ever matched, Flyway's type is preferred.
        return -1;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return DRIVER_CLASS;
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
            Connection connection) {
        // Never chosen for a live connection: Flyway's PostgreSQLDatabaseType handles it (see the class comment).
        return false;
    }
}
