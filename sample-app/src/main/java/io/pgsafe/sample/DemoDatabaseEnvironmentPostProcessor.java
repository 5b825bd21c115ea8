package io.pgsafe.sample;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no {@code spring.datasource.url} is given, points the app at {@link DemoDatabase} (PGSAFE_DEMO_URL, else
 * Testcontainers, else an embedded PostgreSQL it starts itself). The URL stays {@code jdbc:postgresql://}: the
 * pgsafe starter wraps the DataSource bean.
 */
public class DemoDatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        DemoDatabase database = DemoDatabase.get();
        environment.getPropertySources().addLast(new MapPropertySource("pgsafeDemoDatabase", Map.of(
                "spring.datasource.url", database.url(),
                "spring.datasource.username", database.user(),
                "spring.datasource.password", database.password())));
    }
}
