package io.pgsafe.spring;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.PgSafeDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * pgsafe for Spring Boot: every {@link DataSource} bean is wrapped in a {@link PgSafeDataSource} configured from
 * pgsafe's own sources with the Spring Environment's {@code pgsafe.*} properties on top
 * ({@link SpringPgSafeConfig}). {@code spring.datasource.url} stays {@code jdbc:postgresql://…}; no driver class to
 * set.
 */
@AutoConfiguration
@ConditionalOnClass({DataSource.class, PgSafeDataSource.class})
public class PgSafeAutoConfiguration {

    /**
     * The configuration the wrapped DataSources use (fails the start on a bad {@code pgsafe.*} value). An application
     * that defines its own {@link PgSafeConfig} bean replaces it. Static, like the post-processor, so that neither
     * pulls this class forward.
     */
    @Bean
    @ConditionalOnMissingBean
    public static PgSafeConfig pgSafeConfig(Environment environment) {
        return SpringPgSafeConfig.load(environment);
    }

    /**
     * Static, so the post-processor exists before the DataSource beans. The {@link PgSafeConfig} bean is asked for
     * only when the first DataSource bean is post-processed; it depends on nothing but the Environment.
     */
    @Bean
    @ConditionalOnMissingBean
    public static PgSafeDataSourceWrapper pgSafeDataSourceWrapper(ObjectProvider<PgSafeConfig> config,
            ListableBeanFactory beans) {
        ClassLoader loader = PgSafeAutoConfiguration.class.getClassLoader();
        return new PgSafeDataSourceWrapper(
                SingletonSupplier.of(config::getObject),
                TelemetryHandoff.APP_BEANS,
                SingletonSupplier.of(() -> AppTelemetry.find(beans, loader)));
    }
}
