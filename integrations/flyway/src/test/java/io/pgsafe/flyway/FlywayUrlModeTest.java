package io.pgsafe.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flyway 13's URL mode with {@code jdbc:pgsafe:postgresql://…}, which works because of the plugin in this module. */
@PostgresTest
class FlywayUrlModeTest extends FlywayMigrationScenario {

    static String pgsafeUrl(TestDatabase db) {
        return db.url().replaceFirst("^jdbc:postgresql:", "jdbc:pgsafe:postgresql:");
    }

    @Override
    FluentConfiguration flyway(TestDatabase db) {
        return Flyway.configure().dataSource(pgsafeUrl(db), db.user(), db.password());
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unsafeIndexMigrationIsBlockedAndTheExecuteInTransactionFixBuildsItConcurrently(TestDatabase db)
            throws Exception {
        runScenario(db);
    }

    @Test
    void thePluginClaimsOnlyThePgsafePrefixAndNamesPgsafesDriver() {
        List<GeneralDatabaseType> forPgsafe =
                DatabaseTypeRegister.getDatabaseTypesForUrl("jdbc:pgsafe:postgresql://db:5432/app", null);
        assertThat(forPgsafe).singleElement().isInstanceOf(PgSafePostgreSQLDatabaseType.class);
        assertThat(((PgSafePostgreSQLDatabaseType) forPgsafe.get(0))
                .getDriverClass("jdbc:pgsafe:postgresql://db:5432/app", getClass().getClassLoader()))
                .isEqualTo("io.pgsafe.jdbc.PgSafeDriver");

        List<GeneralDatabaseType> forPlain =
                DatabaseTypeRegister.getDatabaseTypesForUrl("jdbc:postgresql://db:5432/app", null);
        assertThat(forPlain).noneMatch(PgSafePostgreSQLDatabaseType.class::isInstance)
                .anyMatch(PostgreSQLDatabaseType.class::isInstance);
        assertThat(DatabaseTypeRegister.getDatabaseTypesForUrl("jdbc:pgsafe:mysql://db/app", null))
                .noneMatch(PgSafePostgreSQLDatabaseType.class::isInstance);
    }

    @Test
    void aLiveConnectionStillGetsFlywaysOwnPostgresType(TestDatabase db) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(pgsafeUrl(db), db.user(), db.password())) {
            assertThat(DatabaseTypeRegister.getDatabaseTypeForConnection(connection, null).getClass())
                    .isEqualTo(PostgreSQLDatabaseType.class);
        }
        assertThat(new PgSafePostgreSQLDatabaseType().handlesDatabaseProductNameAndVersion("PostgreSQL", "17.6", null))
                .isFalse();
    }
}
