package io.pgsafe.spring;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.PgSafeDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
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

    /** The configuration the wrapped DataSources use (fails the start on a bad {@code pgsafe.*} value). */
    @Bean
    @ConditionalOnMissingBean
    public PgSafeConfig pgSafeConfig(Environment environment) {
        return SpringPgSafeConfig.load(environment);
    }

    /**
     * Static, so the post-processor exists before the DataSource beans without pulling this configuration class
     * forward. The configuration is bound on first use, from the Environment, not from the {@link PgSafeConfig}
     * bean, which a post-processor must not ask for.
     */
    @Bean
    @ConditionalOnMissingBean
    public static PgSafeDataSourceWrapper pgSafeDataSourceWrapper(Environment environment,
            ListableBeanFactory beans) {
        ClassLoader loader = PgSafeAutoConfiguration.class.getClassLoader();
        return new PgSafeDataSourceWrapper(
                SingletonSupplier.of(() -> SpringPgSafeConfig.load(environment)),
                TelemetryHandoff.CONFIG_ONLY,
                SingletonSupplier.of(() -> AppTelemetry.find(beans, loader)));
    }
}
