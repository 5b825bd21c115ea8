package io.pgsafe.jdbc;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The program {@link OtelAgentTest} runs in a child JVM under the OpenTelemetry Java agent: an application span
 * around a guarded DDL statement sent through {@code jdbc:pgsafe:}. Arguments: URL, user, password, table.
 */
public final class AgentChild {
    private AgentChild() {
    }

    public static void main(String[] args) throws Exception {
        Tracer tracer = GlobalOpenTelemetry.getTracer("pgsafe-agent-test-app");
        Span app = tracer.spanBuilder("app-migration").startSpan();
        try (Scope scope = app.makeCurrent(); Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + args[3] + " ADD COLUMN note text");
            System.out.println("APP_SPAN " + app.getSpanContext().getTraceId() + " " + app.getSpanContext().getSpanId());
        } finally {
            app.end();
        }
    }
}
