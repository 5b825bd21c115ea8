package io.pgsafe.it;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Liquibase 4.33 XML {@code <createIndex>} with a {@code Database} opened from the pgsafe URL and the driver class
 * named ({@code DatabaseFactory.openDatabase(url, user, password, driver, …)}).
 */
@PostgresTest
class LiquibaseXmlTest extends LiquibaseScenario {

    @Override
    void update(TestDatabase db, String changelogFile) throws Exception {
        Database database = DatabaseFactory.getInstance().openDatabase(pgsafeUrl(db), db.user(), db.password(),
                "io.pgsafe.jdbc.PgSafeDriver", null, null, null, Scope.getCurrentScope().getResourceAccessor());
        try {
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelogFile)
                    .execute();
        } finally {
            database.close();
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void createIndexChangeIsBlockedInATransactionalChangesetAndRunInTransactionFalseBuildsItConcurrently(
            TestDatabase db) throws Exception {
        runScenario(db, "xml", "changelog.xml");
    }
}
