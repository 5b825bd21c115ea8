package io.pgsafe.it;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Liquibase 4.33 formatted SQL through the update command with url + driver arguments: the API form of
 * {@code liquibase update --url=jdbc:pgsafe:postgresql://… --driver=io.pgsafe.jdbc.PgSafeDriver}.
 */
@PostgresTest
class LiquibaseFormattedSqlTest extends LiquibaseScenario {

    @Override
    void update(TestDatabase db, String changelogFile) throws Exception {
        new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, pgsafeUrl(db))
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, db.user())
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.PASSWORD_ARG, db.password())
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DRIVER_ARG, "io.pgsafe.jdbc.PgSafeDriver")
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelogFile)
                .execute();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void plainCreateIndexIsBlockedInATransactionalChangesetAndRunInTransactionFalseBuildsItConcurrently(
            TestDatabase db) throws Exception {
        runScenario(db, "sql", "changelog.sql");
    }
}
