package io.pgsafe.flyway;

import io.pgsafe.jdbc.PgSafeDataSource;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flyway 13 given a {@code PgSafeDataSource} (no URL prefix involved, no plugin needed). */
@PostgresTest
class FlywayDataSourceModeTest extends FlywayMigrationScenario {

    @Override
    FluentConfiguration flyway(TestDatabase db) throws Exception {
        return Flyway.configure().dataSource(new PgSafeDataSource(db.dataSource()));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unsafeIndexMigrationIsBlockedAndTheExecuteInTransactionFixBuildsItConcurrently(TestDatabase db)
            throws Exception {
        runScenario(db);
    }
}
