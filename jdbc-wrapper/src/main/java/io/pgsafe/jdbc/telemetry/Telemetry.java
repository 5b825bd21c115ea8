package io.pgsafe.jdbc.telemetry;

/**
 * Class-presence checks and the current span and meter back ends. The OpenTelemetry and Micrometer classes are
 * only touched from {@link OtelSink} and {@link MicrometerMeters}, which load only when their API is present.
 */
final class Telemetry {
    static final boolean OTEL = present("io.opentelemetry.api.GlobalOpenTelemetry")
            && present("io.opentelemetry.context.Context");
    static final boolean MICROMETER = present("io.micrometer.core.instrument.Metrics");
    private static final boolean AGENT_CLASS = presentInBoot("io.opentelemetry.javaagent.bootstrap.AgentInitializer");
    private static volatile Meters meters;

    private Telemetry() {
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, Telemetry.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean presentInBoot(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The OpenTelemetry Java agent (its JDBC instrumentation on), or the {@code io.pgsafe.otel-agent} override. */
    static boolean agent() {
        String forced = System.getProperty(PgSafeTelemetry.AGENT_PROPERTY);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return AGENT_CLASS && !"false".equalsIgnoreCase(System.getProperty("otel.instrumentation.jdbc.enabled"))
                && !"false".equalsIgnoreCase(System.getProperty("otel.javaagent.enabled"));
    }

    /** Starts the spans of one session's guarded statements. */
    @FunctionalInterface
    interface Spans {
        Spans NONE = summary -> SpanSink.NONE;

        /** A span for a guarded statement (or NONE without the API or on an internal error). */
        SpanSink start(String summary);
    }

    /**
     * Where the spans of a session on a connection of type {@code connectionType} go: the OpenTelemetry API pgsafe's
     * own loader sees; else (the agent, whose loader does not see an API in the application's own loader, such as
     * {@code BOOT-INF/lib} of a Spring Boot executable jar) the one the connection's loader sees; else none.
     */
    static Spans spans(Class<?> connectionType) {
        return OTEL ? Telemetry::span : ApplicationOpenTelemetry.spans(connectionType);
    }

    private static SpanSink span(String summary) {
        try {
            return OtelSink.start(PgSafeTelemetry.openTelemetry, summary, agent());
        } catch (RuntimeException | LinkageError e) {
            return SpanSink.NONE;
        }
    }

    static Meters meters() {
        Meters current = meters;
        if (current == null) {
            if (!MICROMETER) {
                current = Meters.NONE;
            } else {
                try {
                    current = MicrometerMeters.create(PgSafeTelemetry.meterRegistry);
                } catch (RuntimeException | LinkageError e) {
                    current = Meters.NONE;
                }
            }
            meters = current;
        }
        return current;
    }

    static void metersChanged() {
        meters = null;
    }
}
