package io.pgsafe.cli.rehearse;

import io.pgsafe.cli.rehearse.RehearsalReport.FileRollback;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs a {@link MigrationSet} read from files: each statement in its tool's order, a transaction per file or
 * changeset as its tool would open one (or none), explicit BEGIN/COMMIT in a file followed.
 */
final class FolderRunner implements Rehearsal.Runner {

    private final MigrationSet set;

    FolderRunner(MigrationSet set) {
        this.set = set;
    }

    @Override
    public List<MigrationSet.Step> knownSteps() {
        return set.files().stream().flatMap(f -> f.steps().stream()).toList();
    }

    @Override
    public String run(Rehearsal rehearsal, StatementRecorder recorder) throws SQLException {
        try (Connection migration = rehearsal.migrationConnection()) {
            Connection raw = (Connection) migration.unwrap(org.postgresql.PGConnection.class);
            return execute(migration, recorder.session(raw));
        }
    }

    private String execute(Connection migration, StatementRecorder.Session session) {
        String openGroup = null;
        try {
            for (MigrationSet.MigrationFile file : set.files()) {
                for (MigrationSet.Step step : file.steps()) {
                    String group = step.transactionGroup();
                    if (openGroup != null && !openGroup.equals(group)) {
                        migration.commit();
                        session.transactionEnded();
                        migration.setAutoCommit(true);
                        openGroup = null;
                    }
                    if (group != null && openGroup == null && !session.explicitTransaction()) {
                        migration.setAutoCommit(false);
                        openGroup = group;
                    }
                    boolean inTransaction = openGroup != null || session.explicitTransaction();
                    StatementRecorder.Run run = session.begin(step, openGroup != null);
                    Long rows;
                    try (Statement statement = migration.createStatement()) {
                        boolean result = statement.execute(step.sql());
                        rows = result ? null : (long) statement.getUpdateCount();
                    } catch (SQLException e) {
                        if (inTransaction || session.explicitTransaction()) {
                            try {
                                migration.rollback();
                            } catch (SQLException ignored) {
                                // the report says the migration failed
                            }
                        }
                        return session.failed(run, e);
                    }
                    session.succeeded(run, rows, openGroup != null);
                }
            }
            if (openGroup != null) {
                migration.commit();
                session.transactionEnded();
                migration.setAutoCommit(true);
            }
            if (session.explicitTransaction()) {
                migration.rollback();
                session.transactionEnded();
                return "the migration left a transaction open (BEGIN without COMMIT): rolled back";
            }
            return null;
        } catch (SQLException e) {
            session.transactionEnded();
            return "the rehearsal failed to end a transaction: " + e.getMessage();
        }
    }

    @Override
    public List<FileRollback> rollback() {
        return set.files().stream().map(f -> new FileRollback(f.path().getFileName().toString(), f.tool(),
                f.rollback().found(), f.rollback().kind(), f.rollback().detail(), MigrationSet.recovery(f))).toList();
    }
}
