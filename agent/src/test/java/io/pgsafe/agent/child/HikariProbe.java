package io.pgsafe.agent.child;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/** HikariCP in front of pgjdbc, both ways it is configured: {@code dataSourceClassName} and {@code jdbcUrl}. */
final class HikariProbe {
    private HikariProbe() {
    }

    static void run(String url, Properties credentials) throws Exception {
        HikariConfig byClass = new HikariConfig();
        byClass.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
        byClass.addDataSourceProperty("url", url);
        byClass.addDataSourceProperty("user", credentials.getProperty("user"));
        byClass.addDataSourceProperty("password", credentials.getProperty("password"));
        byClass.setMaximumPoolSize(2);
        HikariConfig byUrl = new HikariConfig();
        byUrl.setJdbcUrl(url);
        byUrl.setUsername(credentials.getProperty("user"));
        byUrl.setPassword(credentials.getProperty("password"));
        byUrl.setMaximumPoolSize(2);
        for (var entry : java.util.Map.of("hikari-datasource-class", byClass, "hikari-jdbc-url", byUrl).entrySet()) {
            try (HikariDataSource pool = new HikariDataSource(entry.getValue())) {
                AgentProbe.check(entry.getKey(), () -> {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.execute("create table if not exists h_items (id int, v text)");
                        c.setAutoCommit(false);
                        AgentProbe.expectBlocked("create-index-not-concurrently",
                                () -> s.execute("create index h_v on h_items (v)"));
                        c.rollback();
                        c.setAutoCommit(true);
                        try (ResultSet rs = s.executeQuery("select count(*) from h_items")) {
                            rs.next();
                        }
                    }
                });
            }
        }
    }
}
