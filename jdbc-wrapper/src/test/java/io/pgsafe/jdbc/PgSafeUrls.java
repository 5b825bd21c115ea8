package io.pgsafe.jdbc;

import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@code jdbc:pgsafe:postgresql://…} URLs and connections for a test database. */
public final class PgSafeUrls {
    private PgSafeUrls() {
    }

    public static String url(TestDatabase db, String parameters) {
        String url = db.url().replaceFirst("^jdbc:postgresql:", "jdbc:pgsafe:postgresql:");
        if (parameters == null || parameters.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }

    public static Connection connect(TestDatabase db, String parameters) throws SQLException {
        return DriverManager.getConnection(url(db, parameters), db.user(), db.password());
    }

    public static Connection connect(TestDatabase db) throws SQLException {
        return connect(db, "");
    }
}
