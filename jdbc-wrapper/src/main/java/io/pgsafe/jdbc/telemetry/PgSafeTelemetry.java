package io.pgsafe.jdbc.telemetry;

/**
 * Where pgsafe's spans and meters go. By default: {@code GlobalOpenTelemetry} (resolved at each guarded statement,
 * so an SDK or the Java agent installed later is picked up) and Micrometer's {@code Metrics.globalRegistry}. Both
 * APIs are optional: without {@code io.opentelemetry.api} on the classpath pgsafe makes no spans (unless the loader
 * of the connection's class sees one, or the OpenTelemetry Java agent runs: {@code ApplicationOpenTelemetry}),
 * without {@code micrometer-core} no meters, and the driver works the same.
 *
 * <pre>{@code
 * PgSafeTelemetry.use(openTelemetrySdk);          // an io.opentelemetry.api.OpenTelemetry
 * PgSafeTelemetry.useMeterRegistry(registry);     // an io.micrometer.core.instrument.MeterRegistry
 * PgSafeTelemetry.reset();                        // back to the globals
 * }</pre>
 *
 * Spans are CLIENT spans named by {@code db.query.summary}; when the OpenTelemetry Java agent is running (its
 * JDBC instrumentation already makes the CLIENT span for pgjdbc's call) they are INTERNAL spans named
 * {@code pgsafe guard <summary>} around it. Force either with the system property {@value #AGENT_PROPERTY}
 * ({@code true}/{@code false}).
 */
public final class PgSafeTelemetry {
    /** System property overriding the OpenTelemetry Java agent detection. */
    public static final String AGENT_PROPERTY = "io.pgsafe.otel-agent";
    static volatile Object openTelemetry;
    static volatile Object meterRegistry;

    private PgSafeTelemetry() {
    }

    /** Hands pgsafe an {@code io.opentelemetry.api.OpenTelemetry} instance instead of the global one. */
    public static void use(io.opentelemetry.api.OpenTelemetry instance) {
        openTelemetry = instance;
    }

    /** Hands pgsafe a Micrometer {@code MeterRegistry} instead of {@code Metrics.globalRegistry}. */
    public static void useMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        meterRegistry = registry;
        Telemetry.metersChanged();
    }

    /** Back to {@code GlobalOpenTelemetry} and {@code Metrics.globalRegistry}. */
    public static void reset() {
        openTelemetry = null;
        meterRegistry = null;
        Telemetry.metersChanged();
    }

    /** Whether {@code io.opentelemetry.api} is on pgsafe's classpath (spans are made at all). */
    public static boolean tracingAvailable() {
        return Telemetry.OTEL;
    }

    /** Whether {@code micrometer-core} is on pgsafe's classpath (meters are recorded at all). */
    public static boolean metricsAvailable() {
        return Telemetry.MICROMETER;
    }

    /** Whether pgsafe believes the OpenTelemetry Java agent runs (its spans are then INTERNAL). */
    public static boolean otelAgentDetected() {
        return Telemetry.agent();
    }
}
