package io.pgsafe.sample;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The demo's telemetry: one OpenTelemetry SDK and one Micrometer registry for the whole process, handed to pgsafe
 * ({@link PgSafeTelemetry#use}) and, through {@link TelemetryConfiguration}, exposed as the app's beans (which the
 * starter hands to pgsafe the same way). Its {@link SpanPrinter} prints each pgsafe span as one line; with
 * {@code PGSAFE_DEMO_ZIPKIN=1} (or {@code -Dpgsafe.demo.zipkin=true}) the spans also go to Zipkin
 * ({@code PGSAFE_DEMO_ZIPKIN_URL}, default {@code http://127.0.0.1:9411}).
 */
final class DemoTelemetry {
    static final String PGSAFE_SCOPE = "io.pgsafe";

    private static DemoTelemetry instance;

    private final OpenTelemetrySdk sdk;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SpanPrinter printer;
    private final String zipkin;

    private DemoTelemetry(PrintStream out, String zipkin) {
        this.printer = new SpanPrinter(out);
        this.zipkin = zipkin;
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "pgsafe-sample-app"))))
                .addSpanProcessor(printer);
        if (zipkin != null) {
            tracing.addSpanProcessor(BatchSpanProcessor.builder(ZipkinSpanExporter.builder()
                    .setEndpoint(zipkin + "/api/v2/spans").build()).setScheduleDelay(500, TimeUnit.MILLISECONDS).build());
        }
        sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing.build()).build();
    }

    /** The process's telemetry, made on first use (printing to System.out), and handed to pgsafe. */
    static synchronized DemoTelemetry get() {
        if (instance == null) {
            instance = new DemoTelemetry(System.out, zipkinUrl());
            PgSafeTelemetry.use(instance.sdk);
            PgSafeTelemetry.useMeterRegistry(instance.registry);
        }
        return instance;
    }

    static String zipkinUrl() {
        String on = System.getProperty("pgsafe.demo.zipkin", System.getenv("PGSAFE_DEMO_ZIPKIN"));
        if (on == null || !(on.equals("1") || on.equalsIgnoreCase("true"))) {
            return null;
        }
        String url = System.getenv("PGSAFE_DEMO_ZIPKIN_URL");
        return url == null || url.isBlank() ? "http://127.0.0.1:9411" : url.replaceAll("/+$", "");
    }

    OpenTelemetrySdk openTelemetry() {
        return sdk;
    }

    MeterRegistry meterRegistry() {
        return registry;
    }

    SpanPrinter printer() {
        return printer;
    }

    /** Zipkin's base URL when spans are exported there, else null. */
    String zipkin() {
        return zipkin;
    }

    /** Runs {@code body} under a root span named {@code name}: pgsafe's spans become its children. @return the trace id */
    String inSpan(String name, Body body) throws Exception {
        Tracer tracer = sdk.getTracer("io.pgsafe.sample");
        Span span = tracer.spanBuilder(name).setParent(Context.root()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            body.run();
        } finally {
            span.end();
        }
        return span.getSpanContext().getTraceId();
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Sends what is buffered to Zipkin; @return whether it was accepted */
    boolean flush() {
        CompletableResultCode result = sdk.getSdkTracerProvider().forceFlush().join(15, TimeUnit.SECONDS);
        return result.isSuccess();
    }

    /** {@code pgsafe.statements} (counter, tags action and rule) summed by action. */
    Map<String, Long> statementsByAction() {
        Map<String, Long> byAction = new TreeMap<>();
        for (Counter counter : registry.find("pgsafe.statements").counters()) {
            byAction.merge(String.valueOf(counter.getId().getTag("action")), (long) counter.count(), Long::sum);
        }
        return byAction;
    }

    /** {@code pgsafe.lock.wait} (timer): count and max in ms, or null when nothing was measured. */
    String lockWaits() {
        List<Timer> timers = List.copyOf(registry.find("pgsafe.lock.wait").timers());
        long count = timers.stream().mapToLong(Timer::count).sum();
        if (count == 0) {
            return null;
        }
        double total = timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum();
        return String.format("pgsafe.lock.wait: %d measured, %.0f ms in all", count, total);
    }

    /**
     * Prints each pgsafe span (instrumentation scope {@code io.pgsafe}) as one line when it ends: name, action, lock
     * mode, the lock monitor's measurements and the retries. Spans of other scopes pass unprinted.
     */
    static final class SpanPrinter implements SpanProcessor {
        private final PrintStream out;
        private volatile boolean quiet;
        private final Map<String, SpanData> lastByTable = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<SpanData> ended = new java.util.concurrent.CopyOnWriteArrayList<>();

        SpanPrinter(PrintStream out) {
            this.out = out;
        }

        /** While quiet, spans are not printed (scenes whose set-up is not the point). */
        void quiet(boolean value) {
            quiet = value;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            if (!PGSAFE_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
                return;
            }
            SpanData data = span.toSpanData();
            ended.add(data);
            Object table = get(data.getAttributes(), "db.collection.name");
            if (table != null && get(data.getAttributes(), "pgsafe.rewrite.step") == null) {
                lastByTable.put(table.toString(), data);
            }
            if (!quiet) {
                out.println(format(data));
            }
        }

        /** Every pgsafe span ended since the last {@link #clear()} (a demo makes about a hundred). */
        List<SpanData> ended() {
            return List.copyOf(ended);
        }

        void clear() {
            ended.clear();
            lastByTable.clear();
        }

        /** The last pgsafe span (not a rewrite step) on {@code table}, or null. */
        SpanData last(String table) {
            return lastByTable.get(table);
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        static String format(SpanData span) {
            Attributes a = span.getAttributes();
            StringBuilder line = new StringBuilder("          span ");
            Object step = get(a, "pgsafe.rewrite.step");
            if (step != null) {
                line.append("  step ").append(step).append(": ");
            }
            line.append('"').append(span.getName()).append('"');
            append(line, a, "pgsafe.action");
            append(line, a, "pgsafe.lock.mode");
            append(line, a, "pgsafe.lock.wait_ms");
            append(line, a, "pgsafe.lock.blocking_pids");
            append(line, a, "pgsafe.lock.queued_sessions");
            append(line, a, "pgsafe.lock.held_ms");
            append(line, a, "pgsafe.retries");
            append(line, a, "db.response.status_code");
            line.append(String.format(" (%d ms)", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000));
            return line.toString();
        }

        private static void append(StringBuilder line, Attributes attributes, String key) {
            Object value = get(attributes, key);
            if (value != null) {
                String text = String.valueOf(value);
                line.append(' ').append(key).append('=').append(text.contains(" ") ? "'" + text + "'" : text);
            }
        }

        static Object get(Attributes attributes, String key) {
            for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
                if (entry.getKey().getKey().equals(key)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    }
}
