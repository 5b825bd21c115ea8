package io.pgsafe.core.rules.live;

import io.pgsafe.core.model.LockMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;

/**
 * Runs a statement in a transaction on a real server and reads, before rolling back, the table locks this
 * backend holds on a relation: what the statement really took, per {@code pg_locks}.
 */
public final class LockProbe {

    private LockProbe() {
    }

    /** The lock modes held on {@code relation} (a regclass text, e.g. {@code public.users}) after {@code sql}. */
    public static Set<LockMode> locksTaken(Connection connection, String sql, String relation) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return locksHeld(connection, relation);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    public static Set<LockMode> locksHeld(Connection connection, String relation) throws SQLException {
        Set<LockMode> modes = EnumSet.noneOf(LockMode.class);
        try (PreparedStatement query = connection.prepareStatement("select mode from pg_locks where locktype = "
                + "'relation' and pid = pg_backend_pid() and relation = to_regclass(?)")) {
            query.setString(1, relation);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    modes.add(LockMode.fromPgLocksName(rows.getString(1)));
                }
            }
        }
        return modes;
    }

    /** The strongest of the modes, or NONE. */
    public static LockMode strongest(Set<LockMode> modes) {
        return modes.stream().max(Enum::compareTo).orElse(LockMode.NONE);
    }
}
