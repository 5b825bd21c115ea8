package io.pgsafe.spring;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The application's telemetry beans, when it has them: an {@code io.opentelemetry.api.OpenTelemetry} and an
 * {@code io.micrometer.core.instrument.MeterRegistry}. Held as {@code Object} so the starter needs neither library on
 * its class path; the {@link TelemetryHandoff} that uses them casts.
 *
 * @param openTelemetry the app's OpenTelemetry bean, or null
 * @param meterRegistry the app's MeterRegistry bean, or null
 */
record AppTelemetry(Object openTelemetry, Object meterRegistry) {
    static final String OPEN_TELEMETRY = "io.opentelemetry.api.OpenTelemetry";
    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    static AppTelemetry none() {
        return new AppTelemetry(null, null);
    }

    /** Looks the beans up (unique or primary one of each type); call only when they are needed. */
    static AppTelemetry find(ListableBeanFactory beans, ClassLoader loader) {
        return new AppTelemetry(bean(beans, OPEN_TELEMETRY, loader), bean(beans, METER_REGISTRY, loader));
    }

    private static Object bean(ListableBeanFactory beans, String className, ClassLoader loader) {
        if (!ClassUtils.isPresent(className, loader)) {
            return null;
        }
        return beans.getBeanProvider(ClassUtils.resolveClassName(className, loader)).getIfUnique();
    }
}
