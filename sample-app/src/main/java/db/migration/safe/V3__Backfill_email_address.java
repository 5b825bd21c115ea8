package db.migration.safe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Deploy 3 (migrate): copies {@code email} into {@code email_address} for the rows written before deploy 2, in
 * batches of {@value #BATCH} rows, each its own short transaction (autocommit: this migration runs outside Flyway's
 * transaction), with a {@code pg_sleep} pause between batches so replication and vacuum keep up and row locks are
 * held for milliseconds. A single {@code UPDATE users SET email_address = email} would lock every row at once (and
 * pgsafe's whole-table-dml rule would stop it).
 */
public class V3__Backfill_email_address extends BaseJavaMigration {
    static final int BATCH = 2000;
    static final double PAUSE_SECONDS = 0.02;

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (PreparedStatement batch = connection.prepareStatement(
                "update users set email_address = email where id in ("
                        + "select id from users where email_address is null and email is not null order by id limit ?)");
                Statement pause = connection.createStatement()) {
            batch.setInt(1, BATCH);
            int updated;
            do {
                updated = batch.executeUpdate();
                pause.execute("select pg_sleep(" + PAUSE_SECONDS + ")");
            } while (updated > 0);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
