package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlTest {

    @Test
    void pointsTheSameServerAtAnotherDatabase() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://localhost:5432/postgres").withDatabase("pgsafe_x_1"))
                .hasToString("jdbc:postgresql://localhost:5432/pgsafe_x_1");
        assertThat(JdbcUrl.parse("jdbc:postgresql://h1:5432,h2:5433/app?sslmode=require").withDatabase("t"))
                .hasToString("jdbc:postgresql://h1:5432,h2:5433/t?sslmode=require");
        assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:5432").withDatabase("t"))
                .hasToString("jdbc:postgresql://[::1]:5432/t");
        assertThat(JdbcUrl.parse("jdbc:postgresql:app").withDatabase("t")).hasToString("jdbc:postgresql:t");
    }

    @Test
    void takesCredentialsOutAndKeepsOtherParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db:5432/app?user=bob&password=p%26ss&sslmode=disable&ssl");

        assertThat(url.database()).isEqualTo("app");
        assertThat(url.parameter("user")).hasValue("bob");
        assertThat(url.parameter("password")).hasValue("p&ss");
        assertThat(url.parameter("missing")).isEmpty();
        assertThat(url.withoutParameters("user", "password"))
                .hasToString("jdbc:postgresql://db:5432/app?sslmode=disable&ssl");
    }

    @Test
    void rejectsOtherUrls() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://localhost/db"))
                .hasMessageContaining("must start with jdbc:postgresql:");
    }
}
