package io.pgsafe.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A prepared (or callable) statement: its text was judged at prepare time (a blocked one never got this far);
 * plain texts take pgjdbc's path straight away, DDL is decided again on the live session at execute time, since
 * the transaction may have changed in between.
 */
abstract class GuardedPreparedStatement<S extends PreparedStatement> extends PreparedStatementDelegate<S> {
    private final String sql;
    private final boolean plain;

    /** @param plain what {@link StatementGate#prepare} said of the text: plain for good, never looked at again */
    GuardedPreparedStatement(PgSafeConnection connection, S delegate, String sql, boolean plain) {
        super(connection, delegate, sql);
        this.sql = sql;
        this.plain = plain;
    }

    @Override
    public boolean execute() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.execute();
        }
        return gate.run(sql, s -> s == sql ? delegate.execute() : part().execute(s), false);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.executeQuery();
        }
        return gate.run(sql, s -> s == sql ? delegate.executeQuery() : part().executeQuery(s), null);
    }

    @Override
    public int executeUpdate() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.executeUpdate();
        }
        return gate.run(sql, s -> s == sql ? delegate.executeUpdate() : part().executeUpdate(s), 0);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.executeLargeUpdate();
        }
        return gate.run(sql, s -> s == sql ? delegate.executeLargeUpdate() : part().executeLargeUpdate(s), 0L);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.executeBatch();
        }
        return gate.run(sql, s -> s == sql ? delegate.executeBatch() : new int[] {part().executeUpdate(s)},
                new int[0]);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        if (plain ? gate.plainExecuted(sql) : gate.passes(sql)) {
            return delegate.executeLargeBatch();
        }
        return gate.run(sql, s -> s == sql ? delegate.executeLargeBatch() : new long[] {part().executeLargeUpdate(s)},
                new long[0]);
    }

    /**
     * A statement for one part of a multi-statement prepared text that pgsafe runs part by part (a prepared
     * statement cannot run another text).
     */
    private Statement part() throws SQLException {
        return connection.partStatement();
    }
}
