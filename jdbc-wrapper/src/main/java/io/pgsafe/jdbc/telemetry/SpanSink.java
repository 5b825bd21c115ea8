package io.pgsafe.jdbc.telemetry;

import java.util.Map;

/**
 * The tracing side of a {@link GuardRecord}, free of OpenTelemetry types so pgsafe loads without the API. Public
 * only because {@link OtelSink} may be defined in a loader of its own ({@link ApplicationOpenTelemetry}); not an API.
 */
public interface SpanSink {
    SpanSink NONE = new SpanSink() {
    };

    /** Makes the span current for the statement's call (the agent's JDBC span then nests under it). */
    default Scope makeCurrent() {
        return Scope.NONE;
    }

    default void event(String name, Map<String, Object> attributes) {
    }

    default SpanSink child(String name) {
        return NONE;
    }

    /** Sets the record's attributes and status and ends the span at {@code endEpochNanos}. */
    default void end(GuardRecord record, long endEpochNanos) {
    }
}
