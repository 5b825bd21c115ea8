package io.pgsafe.testsupport;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spans the OpenTelemetry Java agent printed with {@code -Dotel.traces.exporter=console} (its
 * {@code LoggingSpanExporter}, one line a span: {@code '<name>' : <trace id> <span id> <kind> [tracer: <scope>:<version>]
 * AttributesMap{data={…}}}), read from a child JVM's output.
 */
public record OtelConsoleSpans(List<Span> spans) {
    private static final Pattern LINE = Pattern.compile(
            "LoggingSpanExporter - '(.*)' : ([0-9a-f]{32}) ([0-9a-f]{16}) ([A-Z]+) \\[tracer: ([^:\\]]*):[^\\]]*\\] (.*)");

    /** One exported span; {@code attributes} is the printed attribute map, as text. */
    public record Span(String name, String traceId, String spanId, String kind, String scope, String attributes) {
        public boolean has(String attribute) {
            return Pattern.compile("[{ ]" + Pattern.quote(attribute) + "[,}]").matcher(attributes).find();
        }
    }

    public static OtelConsoleSpans in(String output) {
        return new OtelConsoleSpans(output.lines().map(LINE::matcher).filter(Matcher::find)
                .map(m -> new Span(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6))).toList());
    }

    /** pgsafe's span (scope {@code io.pgsafe}) with all of {@code attributes} ({@code key=value}), if any. */
    public Optional<Span> pgsafe(String... attributes) {
        return spans.stream().filter(s -> s.scope().equals("io.pgsafe"))
                .filter(s -> List.of(attributes).stream().allMatch(s::has)).findFirst();
    }

    /**
     * pgsafe's span with all of {@code attributes}, INTERNAL (pgsafe detected the OTel agent), in the trace of one of
     * OTel's JDBC spans.
     *
     * @throws AssertionError naming what is missing, with every span exported
     */
    public Span pgsafeInAJdbcTrace(String... attributes) {
        Span span = pgsafe(attributes).orElseThrow(() -> new AssertionError("no pgsafe span with "
                + List.of(attributes) + " among the spans the OTel agent exported:\n" + this));
        if (!span.kind().equals("INTERNAL") || !jdbcSpanIn(span.traceId())) {
            throw new AssertionError("pgsafe's span is not INTERNAL in the trace of an OTel JDBC span: " + span
                    + "\namong:\n" + this);
        }
        return span;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        spans.forEach(s -> out.append(s).append('\n'));
        return out.toString();
    }

    /** Whether OTel's own JDBC instrumentation exported a span in {@code traceId}. */
    public boolean jdbcSpanIn(String traceId) {
        return spans.stream().anyMatch(s -> s.scope().equals("io.opentelemetry.jdbc") && s.traceId().equals(traceId));
    }
}
