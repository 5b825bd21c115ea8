package io.pgsafe.jdbc;

import java.sql.SQLException;

/** One JDBC call that sends SQL text: the executor runs it, maybe more than once, with the text it chooses. */
@FunctionalInterface
public interface SqlCall<T> {
    T run(String sql) throws SQLException;
}
