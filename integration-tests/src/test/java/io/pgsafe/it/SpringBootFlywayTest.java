package io.pgsafe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgsafe.testsupport.ConcurrentBuildProbe;
import com.zaxxer.hikari.HikariDataSource;
import io.pgsafe.jdbc.PgSafeConnection;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/** Spring Boot 4.0.7 + HikariCP + Flyway 13.12 auto-configuration, pointed at pgsafe by properties only. */
@PostgresTest
class SpringBootFlywayTest {

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void safeMigrationsRunThroughPgsafeAndTheNonTransactionalIndexIsBuiltConcurrently(TestDatabase db)
            throws Exception {
        db.execute("create schema safe");
        String schema = "spring.flyway.default-schema=safe";
        try (ConfigurableApplicationContext context = SpringApps.start(SpringApps.JdbcFlywayApp.class, db, schema,
                "spring.flyway.locations=classpath:db/spring/base,classpath:db/spring/safe")) {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(HikariDataSource.class);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.isWrapperFor(PgSafeConnection.class)).as("Hikari hands out pgsafe connections")
                        .isTrue();
            }
        }

        // V1 (create and fill) and V2 (add a nullable column, run under pgsafe's timeouts) are applied; V3 runs
        // next, while a writer holds a transaction open on orders.
        String seen = ConcurrentBuildProbe.runWhileAWriterIsOpen(db, "safe.orders", () -> {
            SpringApps.start(SpringApps.JdbcFlywayApp.class, db, schema,
                    "spring.flyway.locations=classpath:db/spring/base,classpath:db/spring/safe,classpath:db/spring/index",
                    // Flyway's default transactional advisory lock would make the concurrent build wait for
                    // Flyway's own lock transaction (see FlywayTransactionalLockTest in integrations/flyway).
                    "spring.flyway.postgresql.transactional-lock=false").close();
        });

        assertThat(seen).startsWith("CREATE INDEX CONCURRENTLY orders_customer");
        assertThat(db.queryForString("select string_agg(version || ':' || success, ',' order by installed_rank) "
                + "from safe.flyway_schema_history where version is not null")).isEqualTo("1:true,2:true,3:true");
        assertThat(db.queryForLong("select count(*) from information_schema.columns "
                + "where table_schema = 'safe' and table_name = 'orders' and column_name = 'note'")).isOne();
        assertThat(ConcurrentBuildProbe.indexIsValid(db, "orders_customer")).isTrue();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnsafeMigrationFailsStartupWithPgsafesMessage(TestDatabase db) throws Exception {
        db.execute("create schema unsafe");
        Throwable failure = catchThrowable(() -> SpringApps.start(SpringApps.JdbcFlywayApp.class, db,
                "spring.flyway.default-schema=unsafe",
                "spring.flyway.locations=classpath:db/spring/base,classpath:db/spring/unsafe").close());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(SQLException.class);
        assertThat(((SQLException) root).getSQLState()).isEqualTo("PGS01");
        assertThat(root.getMessage()).startsWith("pgsafe blocked create-index-not-concurrently on orders");
        assertThat(db.queryForString("select string_agg(version || ':' || success, ',' order by installed_rank) "
                + "from unsafe.flyway_schema_history where version is not null")).isEqualTo("1:true");
    }
}
