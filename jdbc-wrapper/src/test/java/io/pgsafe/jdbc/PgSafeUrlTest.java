package io.pgsafe.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgSafeUrlTest {

    @Test
    void removesOnlyPgsafeParametersAndKeepsTheOthersInOrder() throws Exception {
        PgSafeUrl url = PgSafeUrl.parse("jdbc:pgsafe:postgresql://h:5432/db?sslmode=require&pgsafe.lock-timeout=1s"
                + "&ApplicationName=pgsafe&pgsafe.mode=warn", new Properties());
        assertThat(url.postgresUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require&ApplicationName=pgsafe");
        assertThat(url.pgsafeParameters()).containsExactly(Map.entry("pgsafe.lock-timeout", "1s"),
                Map.entry("pgsafe.mode", "warn"));
    }

    @Test
    void urlWithOnlyPgsafeParametersLosesItsQueryString() throws Exception {
        PgSafeUrl url = PgSafeUrl.parse("jdbc:pgsafe:postgresql://h/db?pgsafe.mode=off", null);
        assertThat(url.postgresUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void pgsafeConnectionPropertiesAreTakenOutOfWhatPgjdbcGets() throws Exception {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", "secret");
        info.setProperty("pgsafe.lock-timeout", "3s");
        PgSafeUrl url = PgSafeUrl.parse("jdbc:pgsafe:postgresql://h/db", info);
        assertThat(url.postgresInfo()).containsOnlyKeys("user", "password");
        assertThat(url.pgsafeParameters()).containsExactly(Map.entry("pgsafe.lock-timeout", "3s"));
    }

    @Test
    void onlyTheLeadingPrefixIsReplaced() throws Exception {
        PgSafeUrl url = PgSafeUrl.parse("jdbc:pgsafe:postgresql://h/jdbc:pgsafe:db", null);
        assertThat(url.postgresUrl()).isEqualTo("jdbc:postgresql://h/jdbc:pgsafe:db");
    }
}
