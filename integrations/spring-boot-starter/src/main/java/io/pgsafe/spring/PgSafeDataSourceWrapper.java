package io.pgsafe.spring;

import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.PgSafeDataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ReflectionUtils;

/**
 * Wraps every {@link DataSource} bean in a {@link PgSafeDataSource}, from the outside: a HikariDataSource stays the
 * pool (the wrapper only wraps the connections it hands out), and {@code unwrap(HikariDataSource.class)} /
 * {@code isWrapperFor} still reach it, which is what Boot's pool metrics and metadata use.
 *
 * <p>A bean is left as it is when it already is a PgSafeDataSource, or wraps one ({@code isWrapperFor}), so nothing
 * is wrapped twice; when its URL already is {@code jdbc:pgsafe:…} (HikariCP's {@code jdbcUrl}, a driver DataSource's
 * {@code url}); and every bean is left alone with {@code pgsafe.mode=off}.
 */
public final class PgSafeDataSourceWrapper implements BeanPostProcessor, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(PgSafeDataSourceWrapper.class);

    private final Supplier<PgSafeConfig> config;
    private final TelemetryHandoff handoff;
    private final Supplier<AppTelemetry> telemetry;

    PgSafeDataSourceWrapper(Supplier<PgSafeConfig> config, TelemetryHandoff handoff,
            Supplier<AppTelemetry> telemetry) {
        this.config = config;
        this.handoff = handoff;
        this.telemetry = telemetry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof DataSource dataSource) || isPgSafe(dataSource)) {
            return bean;
        }
        String url = jdbcUrl(bean);
        if (url != null && url.startsWith("jdbc:pgsafe:")) {
            LOG.info("pgsafe: DataSource bean '{}' already connects through jdbc:pgsafe:, left unwrapped", beanName);
            return bean;
        }
        PgSafeConfig settings = config.get();
        if (settings.mode() == Mode.OFF) {
            LOG.info("pgsafe: pgsafe.mode=off, DataSource bean '{}' left unwrapped", beanName);
            return bean;
        }
        LOG.info("pgsafe: DataSource bean '{}' ({}) wrapped in PgSafeDataSource, pgsafe.mode={}", beanName,
                bean.getClass().getSimpleName(), settings.mode().configValue());
        return handoff.wrap(dataSource, settings, telemetry);
    }

    static boolean isPgSafe(DataSource dataSource) {
        if (dataSource instanceof PgSafeDataSource) {
            return true;
        }
        try {
            return dataSource.isWrapperFor(PgSafeDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The URL of a pool or driver DataSource that exposes one (HikariCP's getJdbcUrl, pgjdbc's and others' getUrl). */
    static String jdbcUrl(Object dataSource) {
        for (String getter : new String[] {"getJdbcUrl", "getUrl"}) {
            Method method = ReflectionUtils.findMethod(dataSource.getClass(), getter);
            if (method != null && method.getReturnType() == String.class && Modifier.isPublic(method.getModifiers())) {
                try {
                    return (String) method.invoke(dataSource);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Late, so proxies other post-processors add (e.g. for metrics or tracing) end up inside pgsafe's wrapper. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
