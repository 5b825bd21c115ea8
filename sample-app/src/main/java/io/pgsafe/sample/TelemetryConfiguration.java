package io.pgsafe.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The app's OpenTelemetry and MeterRegistry beans, which pgsafe-spring-boot-starter hands to pgsafe: an explicit SDK
 * (the parent's OpenTelemetry 1.68.0) rather than a Boot auto-configuration. One instance per process
 * ({@link DemoTelemetry}), so the demo's scenes, each a fresh application context, share it; a context's close
 * leaves it open ({@code destroyMethod = ""}).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

    @Bean(destroyMethod = "")
    OpenTelemetry openTelemetry() {
        OpenTelemetry sdk = DemoTelemetry.get().openTelemetry();
        // The starter hands this bean to pgsafe when it wraps the DataSource; with spring.datasource.url=jdbc:pgsafe:
        // there is nothing for it to wrap, so the app hands it over itself (docs/telemetry.md, Setup).
        PgSafeTelemetry.use(sdk);
        return sdk;
    }

    @Bean(destroyMethod = "")
    MeterRegistry meterRegistry() {
        MeterRegistry registry = DemoTelemetry.get().meterRegistry();
        PgSafeTelemetry.useMeterRegistry(registry);
        return registry;
    }
}
