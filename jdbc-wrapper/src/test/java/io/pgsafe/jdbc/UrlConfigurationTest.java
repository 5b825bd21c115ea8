package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@PostgresTest
class UrlConfigurationTest {

    @Test
    void badDurationInTheUrlFailsConnectNamingTheKey(TestDatabase db) {
        assertThatThrownBy(() -> PgSafeUrls.connect(db, "pgsafe.lock-timeout=abc").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("pgsafe.lock-timeout")
                .hasMessageContaining("abc")
                .hasMessageNotContaining(db.password());
    }

    @Test
    void unknownPgsafeKeyInTheUrlFailsConnectNamingTheKey(TestDatabase db) {
        assertThatThrownBy(() -> PgSafeUrls.connect(db, "pgsafe.nope=1").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("pgsafe.nope");
    }

    @Test
    void pgsafeParametersAreRemovedBeforePgjdbcSeesTheUrl(TestDatabase db) throws SQLException {
        try (Connection connection = PgSafeUrls.connect(db, "pgsafe.lock-timeout=1s&ApplicationName=app")) {
            String url = connection.getMetaData().getURL();
            assertThat(url).isEqualTo(db.url() + "?ApplicationName=app");
        }
    }

    @Test
    void driverAcceptsOnlyThePgsafePrefix() throws SQLException {
        PgSafeDriver driver = new PgSafeDriver();
        assertThat(driver.acceptsURL("jdbc:pgsafe:postgresql://localhost/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:postgresql://localhost/db")).isFalse();
        assertThat(driver.connect("jdbc:postgresql://localhost/db", new java.util.Properties())).isNull();
        assertThat(DriverManager.getDriver("jdbc:pgsafe:postgresql://localhost/db")).isInstanceOf(PgSafeDriver.class);
    }
}
