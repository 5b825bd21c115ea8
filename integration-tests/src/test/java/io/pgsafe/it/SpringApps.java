package io.pgsafe.it;

import io.pgsafe.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a Spring Boot 4 application whose only pgsafe-specific settings are the two documented properties:
 * {@code spring.datasource.url=jdbc:pgsafe:postgresql://…} and
 * {@code spring.datasource.driver-class-name=io.pgsafe.jdbc.PgSafeDriver}. Everything else is Boot's
 * auto-configuration (HikariCP, Flyway, JPA when asked).
 */
final class SpringApps {
    private SpringApps() {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"})
    static class JdbcFlywayApp {
    }

    static ConfigurableApplicationContext start(Class<?> app, TestDatabase db, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.datasource.url=" + db.url().replaceFirst("^jdbc:postgresql:", "jdbc:pgsafe:postgresql:"),
                "spring.datasource.driver-class-name=io.pgsafe.jdbc.PgSafeDriver",
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + db.password(),
                "spring.datasource.hikari.maximum-pool-size=2",
                "spring.main.banner-mode=off"));
        properties.addAll(List.of(more));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new)).run();
    }
}
