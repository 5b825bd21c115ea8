package io.pgsafe.jdbc.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Spans through the application's own io.opentelemetry.api; loaded only when that API is on the classpath. */
final class OtelSink implements SpanSink {
    static final String SCOPE = "io.pgsafe";
    private final Tracer tracer;
    private final Span span;
    private final boolean agent;

    private OtelSink(Tracer tracer, Span span, boolean agent) {
        this.tracer = tracer;
        this.span = span;
        this.agent = agent;
    }

    static SpanSink start(Object handed, String summary, boolean agent) {
        OpenTelemetry otel = handed instanceof OpenTelemetry o ? o : GlobalOpenTelemetry.get();
        Tracer tracer = otel.getTracer(SCOPE);
        return new OtelSink(tracer, open(tracer, summary, agent, Context.current()), agent);
    }

    private static Span open(Tracer tracer, String summary, boolean agent, Context parent) {
        return tracer.spanBuilder(agent ? "pgsafe guard " + summary : summary).setParent(parent)
                .setSpanKind(agent ? SpanKind.INTERNAL : SpanKind.CLIENT).startSpan();
    }

    @Override
    public Scope makeCurrent() {
        try {
            io.opentelemetry.context.Scope scope = span.makeCurrent();
            return scope::close;
        } catch (RuntimeException | LinkageError e) {
            return Scope.NONE;
        }
    }

    // Every call below is guarded: an incompatible or failing OpenTelemetry never breaks the statement.

    @Override
    public void event(String name, Map<String, Object> attributes) {
        try {
            span.addEvent(name, attributes(attributes));
        } catch (RuntimeException | LinkageError e) {
            // telemetry only
        }
    }

    @Override
    public SpanSink child(String name) {
        try {
            return new OtelSink(tracer, open(tracer, name, agent, Context.current().with(span)), agent);
        } catch (RuntimeException | LinkageError e) {
            return SpanSink.NONE;
        }
    }

    @Override
    public void end(GuardRecord r, long endEpochNanos) {
        try {
            finish(r, endEpochNanos);
        } catch (RuntimeException | LinkageError e) {
            // telemetry only
        }
    }

    private void finish(GuardRecord r, long endEpochNanos) {
        span.setAllAttributes(attributes(r.attributes()));
        if (r.failed()) {
            span.setStatus(StatusCode.ERROR, r.statusMessage());
        }
        if (endEpochNanos > 0) {
            span.end(endEpochNanos, TimeUnit.NANOSECONDS);
        } else {
            span.end();
        }
    }

    private static Attributes attributes(Map<String, Object> values) {
        AttributesBuilder b = Attributes.builder();
        values.forEach((key, value) -> {
            if (value instanceof String s) {
                b.put(AttributeKey.stringKey(key), s);
            } else if (value instanceof Long || value instanceof Integer) {
                b.put(AttributeKey.longKey(key), ((Number) value).longValue());
            } else if (value instanceof Boolean bool) {
                b.put(AttributeKey.booleanKey(key), bool);
            } else if (value instanceof List<?> list) {
                if (!list.isEmpty() && list.get(0) instanceof Number) {
                    b.put(AttributeKey.longArrayKey(key), list.stream().map(n -> ((Number) n).longValue()).toList());
                } else {
                    b.put(AttributeKey.stringArrayKey(key), list.stream().map(String::valueOf).toList());
                }
            } else if (value != null) {
                b.put(AttributeKey.stringKey(key), value.toString());
            }
        });
        return b.build();
    }
}
