package io.pgsafe.spring;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.PgSafeDataSource;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The seam through which the application's OpenTelemetry and MeterRegistry beans reach pgsafe.
 *
 * <p>pgsafe-jdbc has no public API yet that takes an OpenTelemetry or a MeterRegistry, so this seam is
 * package-private and the starter ships one implementation, {@link #CONFIG_ONLY}, which wraps with the bound
 * configuration and never asks for the beans (so they are not created early on its account). When pgsafe-jdbc's
 * telemetry lands, its hand-off becomes a second implementation here, e.g. one that calls
 * {@code new PgSafeDataSource(target, config, telemetry.get()...)}, chosen in
 * {@link PgSafeAutoConfiguration#pgSafeDataSourceWrapper}; nothing else in the starter changes.
 */
@FunctionalInterface
interface TelemetryHandoff {
    /**
     * @param target    the application's DataSource (never a PgSafeDataSource)
     * @param config    the configuration bound from pgsafe's sources and the Spring Environment
     * @param telemetry the app's telemetry beans, looked up on first call only
     * @return the DataSource to expose in place of {@code target}
     */
    DataSource wrap(DataSource target, PgSafeConfig config, Supplier<AppTelemetry> telemetry);

    /** Configuration only: telemetry stays with whatever pgsafe-jdbc does by default. */
    TelemetryHandoff CONFIG_ONLY = (target, config, telemetry) -> new PgSafeDataSource(target, config);
}
