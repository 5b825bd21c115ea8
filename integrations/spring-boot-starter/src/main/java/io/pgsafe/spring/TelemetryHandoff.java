package io.pgsafe.spring;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.jdbc.PgSafeDataSource;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** The seam through which the application's OpenTelemetry and MeterRegistry beans reach pgsafe. */
@FunctionalInterface
interface TelemetryHandoff {
    /**
     * @param target    the application's DataSource (never a PgSafeDataSource)
     * @param config    the configuration bound from pgsafe's sources and the Spring Environment
     * @param telemetry the app's telemetry beans, looked up on first call only
     * @return the DataSource to expose in place of {@code target}
     */
    DataSource wrap(DataSource target, PgSafeConfig config, Supplier<AppTelemetry> telemetry);

    /** Configuration only: telemetry stays with pgsafe-jdbc's defaults (GlobalOpenTelemetry, Metrics.globalRegistry). */
    TelemetryHandoff CONFIG_ONLY = (target, config, telemetry) -> new PgSafeDataSource(target, config);

    /**
     * Hands the app's beans to pgsafe's telemetry ({@code PgSafeTelemetry.use…}) when the app has them, so spans
     * and meters land where the app's own do; otherwise pgsafe keeps its defaults. The beans are looked up when
     * the first DataSource is wrapped.
     */
    TelemetryHandoff APP_BEANS = (target, config, telemetry) -> {
        AppTelemetry beans = telemetry.get();
        if (beans.openTelemetry() != null) {
            AppTelemetryBinding.useOpenTelemetry(beans.openTelemetry());
        }
        if (beans.meterRegistry() != null) {
            AppTelemetryBinding.useMeterRegistry(beans.meterRegistry());
        }
        return new PgSafeDataSource(target, config);
    };
}
