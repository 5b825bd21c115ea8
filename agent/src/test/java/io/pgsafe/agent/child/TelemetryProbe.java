package io.pgsafe.agent.child;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application that registers an OpenTelemetry SDK as {@code GlobalOpenTelemetry} (in-memory exporter) and runs
 * a DDL that waits about 500 ms behind another session's ACCESS SHARE lock; it prints each span as
 * {@code SPAN <name> <attributes>}. It knows nothing about pgsafe.
 */
public final class TelemetryProbe {
    private TelemetryProbe() {
    }

    static void run(String url, Properties credentials) throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).buildAndRegisterGlobal();
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
            s.execute("-- pgsafe:allow drop-table test set-up\ndrop table if exists t_items cascade");
            s.execute("create table t_items (id int, v text)");
            try (Connection blocker = DriverManager.getConnection(url, credentials);
                 Statement b = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                b.execute("lock table t_items in access share mode");
                CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(500);
                        blocker.rollback();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                long started = System.nanoTime();
                s.execute("alter table t_items add column c2 int");
                System.out.println("DDL_MS " + (System.nanoTime() - started) / 1_000_000);
                release.get(30, TimeUnit.SECONDS);
            }
        }
        for (SpanData span : exporter.getFinishedSpanItems()) {
            System.out.println("SPAN " + span.getName() + " " + span.getAttributes());
        }
    }
}
