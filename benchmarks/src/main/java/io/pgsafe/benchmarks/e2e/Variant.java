package io.pgsafe.benchmarks.e2e;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * One way of running the same workload: raw pgjdbc, pgsafe (wrapper or agent) or a peer. The orchestrator side
 * ({@link #jvmOptions}) says how the child JVM is started; the child side ({@link #init}, {@link #pool}) builds
 * the pool the worker threads use.
 */
enum Variant {
    /** Plain pgjdbc under HikariCP: the baseline every other variant is divided by. */
    RAW("raw", "raw pgjdbc 42.7.14"),
    /** {@code jdbc:pgsafe:postgresql:} under HikariCP, default configuration, no OpenTelemetry SDK (GlobalOpenTelemetry = no-op). */
    PGSAFE("pgsafe", "jdbc:pgsafe: (defaults)"),
    /** The same with an OpenTelemetry SDK (batch processor, no-op exporter) handed over by PgSafeTelemetry.use. */
    PGSAFE_OTEL("pgsafe-otel", "jdbc:pgsafe: + OTel SDK"),
    /** -javaagent:pgsafe-agent.jar with the plain jdbc:postgresql: URL. */
    AGENT("agent", "pgsafe agent"),
    /** jdbc:p6spy:postgresql: with only the spy module (no logging module, so no log file and no appender). */
    P6SPY("p6spy", "p6spy 3.9.1 (no log module)"),
    /** datasource-proxy's ProxyDataSource around the Hikari pool, with a no-op QueryExecutionListener. */
    DSPROXY("dsproxy", "datasource-proxy 1.11.0"),
    /** OpenTelemetry JDBC library: JdbcTelemetry.wrap(the Hikari pool), SDK with a batch processor and a no-op exporter. */
    OTEL_JDBC("otel-jdbc", "OTel JDBC library 2.31.1"),
    /** The OpenTelemetry Java agent with every exporter set to none. */
    OTEL_AGENT("otel-agent", "OTel Java agent 2.33.1");

    final String id;
    final String label;

    Variant(String id, String label) {
        this.id = id;
        this.label = label;
    }

    static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant " + id);
    }

    /** Extra options for this variant's child JVM (agents, p6spy's configuration). */
    List<String> jvmOptions(String pgsafeAgentJar, String otelAgentJar) {
        List<String> options = new ArrayList<>();
        switch (this) {
            case AGENT -> options.add("-javaagent:" + pgsafeAgentJar);
            case OTEL_AGENT -> {
                options.add("-javaagent:" + otelAgentJar);
                options.add("-Dotel.traces.exporter=none");
                options.add("-Dotel.metrics.exporter=none");
                options.add("-Dotel.logs.exporter=none");
                options.add("-Dotel.service.name=pgsafe-e2e");
            }
            case P6SPY -> {
                // p6spy reads every spy.properties key from a system property p6spy.config.<key>. Only the core
                // module: P6LogFactory (and with it the spy.log file and any appender) is not loaded at all.
                options.add("-Dp6spy.config.modulelist=com.p6spy.engine.spy.P6SpyFactory");
                options.add("-Dp6spy.config.driverlist=org.postgresql.Driver");
                options.add("-Dp6spy.config.jmx=false");
            }
            default -> { }
        }
        return options;
    }

    /** Child side, once per JVM. */
    void init() {
        if (this == PGSAFE_OTEL) {
            PgSafeTelemetry.use(sdk());
        }
    }

    /** A pool of exactly {@code size} connections, wrapped the way this variant's users wire it. */
    Pool pool(String pgUrl, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("e2e-" + id);
        String rest = pgUrl.substring("jdbc:".length()); // postgresql://host:port/db
        switch (this) {
            case PGSAFE, PGSAFE_OTEL -> {
                config.setJdbcUrl("jdbc:pgsafe:" + rest);
                config.setDriverClassName("io.pgsafe.jdbc.PgSafeDriver");
            }
            case P6SPY -> {
                config.setJdbcUrl("jdbc:p6spy:" + rest);
                config.setDriverClassName("com.p6spy.engine.spy.P6SpyDriver");
            }
            default -> {
                config.setJdbcUrl(pgUrl);
                config.setDriverClassName("org.postgresql.Driver");
            }
        }
        HikariDataSource hikari = new HikariDataSource(config);
        DataSource outer = switch (this) {
            case DSPROXY -> ProxyDataSourceBuilder.create(hikari).name("e2e").listener(new NoOpListener()).build();
            case OTEL_JDBC -> JdbcTelemetry.create(sdk()).wrap(hikari);
            default -> hikari;
        };
        return new Pool(hikari, outer);
    }

    record Pool(HikariDataSource hikari, DataSource dataSource) implements AutoCloseable {
        @Override
        public void close() {
            hikari.close();
        }
    }

    private static OpenTelemetry sdk;

    /** One SDK per JVM: a batch span processor in front of an exporter that drops everything. */
    static synchronized OpenTelemetry sdk() {
        if (sdk == null) {
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(BatchSpanProcessor.builder(new NoOpExporter()).build())
                            .build())
                    .build();
        }
        return sdk;
    }

    static final class NoOpExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    static final class NoOpListener implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }
    }
}
