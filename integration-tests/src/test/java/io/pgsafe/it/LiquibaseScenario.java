package io.pgsafe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgsafe.testsupport.ConcurrentBuildProbe;
import io.pgsafe.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * What both Liquibase changelog formats must show: changeset 2 (a plain CREATE INDEX on a filled table, in
 * Liquibase's default transaction) is blocked with pgsafe's message and left unrecorded; the same changelog with
 * runInTransaction false on changeset 2 passes, and the server builds the index CONCURRENTLY.
 *
 * <p>The unsafe and the fixed changelog live in two directories under the same file name, so Liquibase sees the
 * same changelog path (changeset identity is id + author + path) before and after the fix.
 */
abstract class LiquibaseScenario {

    /** Runs Liquibase update for {@code changelogFile} through {@code jdbc:pgsafe:postgresql://…}. */
    abstract void update(TestDatabase db, String changelogFile) throws Exception;

    static String pgsafeUrl(TestDatabase db) {
        return db.url().replaceFirst("^jdbc:postgresql:", "jdbc:pgsafe:postgresql:");
    }

    void runScenario(TestDatabase db, String format, String changelogFile) throws Exception {
        Throwable failure = catchThrowable(() -> inDirectory("liquibase/" + format + "/unsafe",
                () -> update(db, changelogFile)));

        assertThat(failure).as("changeset 2 must be blocked").isNotNull();
        assertThat(messages(failure)).contains("pgsafe blocked create-index-not-concurrently on")
                .contains("runInTransaction:false");
        assertThat(sqlStates(failure)).contains("PGS01");
        assertThat(applied(db)).containsExactly("1");
        assertThat(db.queryForLong("select count(*) from pg_class where relname = 'orders_customer'")).isZero();

        String seen = ConcurrentBuildProbe.runWhileAWriterIsOpen(db, "orders",
                () -> inDirectory("liquibase/" + format + "/fixed", () -> update(db, changelogFile)));

        assertThat(seen).startsWith("CREATE INDEX CONCURRENTLY orders_customer");
        assertThat(applied(db)).containsExactly("1", "2");
        assertThat(ConcurrentBuildProbe.indexIsValid(db, "orders_customer")).isTrue();
    }

    private static void inDirectory(String directory, ConcurrentBuildProbe.Migration migration) throws Exception {
        Path root = Path.of(LiquibaseScenario.class.getResource("/" + directory).toURI());
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(root)),
                () -> migration.run());
    }

    private static List<String> applied(TestDatabase db) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("select id from databasechangelog order by orderexecuted")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<String> sqlStates(Throwable failure) {
        List<String> states = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                states.add(sql.getSQLState());
            }
        }
        return states;
    }
}
