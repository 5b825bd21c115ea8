package io.pgsafe.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.RuleAction;
import io.pgsafe.jdbc.PgSafeConnection;
import io.pgsafe.jdbc.PgSafeDataSource;
import io.pgsafe.jdbc.UnsafeStatementException;
import io.pgsafe.jdbc.telemetry.PgSafeTelemetry;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

@PostgresTest
class PgSafeAutoConfigurationTest {
    private static TestDatabase db;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PgSafeAutoConfiguration.class))
                .withBean("dataSource", HikariDataSource.class, () -> {
                    HikariDataSource hikari = new HikariDataSource();
                    hikari.setJdbcUrl(db.url());
                    hikari.setUsername(db.user());
                    hikari.setPassword(db.password());
                    hikari.setMaximumPoolSize(2);
                    return hikari;
                });
    }

    @BeforeAll
    static void database(TestDatabase database) throws Exception {
        db = database;
        db.execute("create table if not exists users (id bigint primary key, email text)");
    }

    @Test
    void wrapsTheHikariBeanFromOutsideAndEnforces() {
        runner().run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(PgSafeDataSource.class);
            assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(connection).isInstanceOf(PgSafeConnection.class);
                assertThat(connection.unwrap(PGConnection.class)).isNotNull();
                statement.execute("select 1");
                assertThatThrownBy(() -> statement.execute("alter table users rename column email to email_address"))
                        .isInstanceOf(UnsafeStatementException.class)
                        .hasMessageContaining("pgsafe blocked rename-column");
            }
            assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from users", Long.class)).isZero();
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
            assertThat(context.getBean(PgSafeConfig.class).mode()).isEqualTo(Mode.ENFORCE);
        });
    }

    @Test
    void doesNotWrapTwice() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PgSafeAutoConfiguration.class))
                .withBean("dataSource", DataSource.class,
                        () -> new PgSafeDataSource(db.dataSource(), PgSafeConfig.defaults()))
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(PgSafeDataSource.class);
                    assertThat(dataSource.unwrap(DataSource.class)).isSameAs(dataSource);
                    try (Connection connection = dataSource.getConnection()) {
                        // one wrapper around pgjdbc's connection, not two
                        assertThat(connection).hasToString("pgsafe:" + connection.unwrap(PGConnection.class));
                    }
                });
    }

    @Test
    void leavesAPgSafeUrlPoolAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PgSafeAutoConfiguration.class))
                .withBean("dataSource", HikariDataSource.class, () -> {
                    HikariDataSource hikari = new HikariDataSource();
                    hikari.setDriverClassName("io.pgsafe.jdbc.PgSafeDriver");
                    hikari.setJdbcUrl(db.url().replace("jdbc:postgresql:", "jdbc:pgsafe:postgresql:"));
                    hikari.setUsername(db.user());
                    hikari.setPassword(db.password());
                    return hikari;
                })
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
                    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                        assertThatThrownBy(() -> statement.execute("alter table users rename column email to mail"))
                                .isInstanceOf(UnsafeStatementException.class);
                    }
                });
    }

    @Test
    void bindsSpringPropertiesRelaxedAboveItsOwnSources() {
        runner().withPropertyValues("pgsafe.mode=warn", "pgsafe.lockTimeout=1500ms", "pgsafe.statement_timeout=7s",
                "pgsafe.rules.create-index-not-concurrently=block", "pgsafe.monitor.interval=20ms")
                .withSystemProperties("pgsafe.lock-timeout=9s", "pgsafe.retry-backoff=250ms")
                .run(context -> {
                    PgSafeConfig config = context.getBean(PgSafeDataSource.class).config();
                    assertThat(config.mode()).isEqualTo(Mode.WARN);
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(config.monitorInterval()).isEqualTo(Duration.ofMillis(20));
                    assertThat(config.ruleAction("create-index-not-concurrently")).contains(RuleAction.BLOCK);
                    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.origin("pgsafe.lock-timeout")).contains(SpringPgSafeConfig.SPRING_SOURCE);
                });
    }

    @Test
    void anApplicationsOwnPgSafeConfigBeanWins() {
        PgSafeConfig own = PgSafeConfig.layered(java.util.List.of(new io.pgsafe.core.config.ConfigSource("the app",
                java.util.Map.of("pgsafe.mode", "warn"))), io.pgsafe.core.rules.RuleCatalog.ids());
        runner().withBean(PgSafeConfig.class, () -> own).withPropertyValues("pgsafe.mode=enforce").run(context -> {
            assertThat(context.getBean(PgSafeConfig.class)).isSameAs(own);
            assertThat(context.getBean(PgSafeDataSource.class).config()).isSameAs(own);
        });
    }

    @Test
    void warnModeRunsWhatEnforceBlocks() {
        runner().withPropertyValues("pgsafe.mode=warn").run(context -> {
            try (Connection connection = context.getBean(DataSource.class).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("create table warn_t (id int, a text)");
                statement.execute("alter table warn_t rename column a to b");
                statement.execute("drop table warn_t");
            }
        });
    }

    @Test
    void anUnknownKeyFailsTheStartWithTheKey() {
        runner().withPropertyValues("pgsafe.lock-timout=1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("pgsafe.lock-timout");
        });
        runner().withPropertyValues("pgsafe.lock-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("pgsafe.lock-timeout=soon");
        });
    }

    @Test
    void modeOffLeavesTheBeanAlone() {
        runner().withPropertyValues("pgsafe.mode=off").run(context ->
                assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
    }

    @Test
    void telemetryIsNotLookedUpByTheConfigOnlyHandoff() {
        boolean[] asked = {false};
        PgSafeDataSourceWrapper wrapper = new PgSafeDataSourceWrapper(PgSafeConfig::defaults,
                TelemetryHandoff.CONFIG_ONLY, () -> {
                    asked[0] = true;
                    return AppTelemetry.none();
                });
        assertThat(wrapper.postProcessAfterInitialization(db.dataSource(), "ds")).isInstanceOf(PgSafeDataSource.class);
        assertThat(asked[0]).isFalse();
        assertThat(wrapper.postProcessAfterInitialization("not a data source", "x")).isEqualTo("not a data source");
    }

    @Test
    void appOpenTelemetryAndMeterRegistryBeansReceivePgsafesSpansAndMeters() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try {
            runner().withBean(OpenTelemetry.class, () -> OpenTelemetrySdk.builder().setTracerProvider(tracing).build())
                    .withBean(MeterRegistry.class, () -> meters)
                    .run(context -> {
                        DataSource dataSource = context.getBean(DataSource.class);
                        try (Connection connection = dataSource.getConnection();
                                Statement statement = connection.createStatement()) {
                            statement.execute("create table if not exists telemetry_t (id bigint)");
                            statement.execute("alter table telemetry_t add column note text");
                        }
                        // checked before the context closes: closing the SDK bean shuts the exporter, which clears it
                        assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getName())
                                .contains("ALTER TABLE telemetry_t");
                        assertThat(meters.find("pgsafe.statements").counters()).isNotEmpty();
                    });
        } finally {
            PgSafeTelemetry.reset();
            tracing.close();
        }
    }
}
