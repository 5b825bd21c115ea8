package io.pgsafe.spring;

import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;

/**
 * The casts to the OpenTelemetry and Micrometer types, kept in their own class: it is loaded only when a bean
 * of that type exists, so an app without either library never resolves them.
 */
final class AppTelemetryBinding {

    private AppTelemetryBinding() {
    }

    static void useOpenTelemetry(Object openTelemetry) {
        PgSafeTelemetry.use((io.opentelemetry.api.OpenTelemetry) openTelemetry);
    }

    static void useMeterRegistry(Object meterRegistry) {
        PgSafeTelemetry.useMeterRegistry((io.micrometer.core.instrument.MeterRegistry) meterRegistry);
    }
}
