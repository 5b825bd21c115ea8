package io.pgsafe.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.jdbc.PgSafeDataSource;
import io.pgsafe.jdbc.UnsafeStatementException;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.SharedPostgres;
import io.pgsafe.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the sample app for real (SpringApplication, Flyway 13, HikariCP, Tomcat on a random port) against the test
 * harness's PostgreSQL, one fresh database per start: through the starter (spring.datasource.url stays
 * jdbc:postgresql://) and through the URL (jdbc:pgsafe:postgresql:// with PgSafeDriver).
 */
@PostgresTest
class SampleAppEndToEndTest {

    @Test
    void theSafeStoryMigratesThroughTheStarterAndTheApiWorks(SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("sample_story");
                ConfigurableApplicationContext app = start(db, db.url(), true)) {
            DataSource dataSource = app.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(PgSafeDataSource.class);
            assertThat(dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class)).isNotNull();
            assertThat(app.getBean(Flyway.class).info().applied()).hasSize(8);
            assertStoryApplied(db);

            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"e2e@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(200);
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/users?email=e2e%40example.com")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(found.body()).contains("e2e@example.com");
        }
    }

    @Test
    void theSafeStoryMigratesThroughTheUrl(SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("sample_url");
                ConfigurableApplicationContext app = start(db,
                        db.url().replace("jdbc:postgresql:", "jdbc:pgsafe:postgresql:"), false,
                        "--spring.datasource.driver-class-name=io.pgsafe.jdbc.PgSafeDriver")) {
            DataSource dataSource = app.getBean(DataSource.class);
            assertThat(dataSource).as("jdbc:pgsafe: pools are not wrapped again")
                    .isNotInstanceOf(PgSafeDataSource.class);
            assertThat(app.getBean(Flyway.class).info().applied()).hasSize(8);
            assertStoryApplied(db);
        }
    }

    @Test
    void theUnsafeProfileIsStoppedWithPgsafesMessage(SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("sample_unsafe")) {
            DemoTelemetry.get().printer().clear();
            assertThatThrownBy(() -> start(db, db.url(), false, "--spring.profiles.active=unsafe").close())
                    .satisfies(SampleAppEndToEndTest::assertBlockedByPgsafe);
            assertUnsafeStoppedAtV101(db);
            assertSpansShowTheRewriteAndTheBlock();
        }
    }

    @Test
    void theUnsafeProfileIsStoppedThroughTheUrl(SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("sample_unsafe_url")) {
            DemoTelemetry.get().printer().clear();
            assertThatThrownBy(() -> start(db, db.url().replace("jdbc:postgresql:", "jdbc:pgsafe:postgresql:"), false,
                    "--spring.datasource.driver-class-name=io.pgsafe.jdbc.PgSafeDriver",
                    "--spring.profiles.active=unsafe").close())
                    .satisfies(SampleAppEndToEndTest::assertBlockedByPgsafe);
            assertUnsafeStoppedAtV101(db);
            assertSpansShowTheRewriteAndTheBlock();
        }
    }

    static void assertBlockedByPgsafe(Throwable e) {
        UnsafeStatementException blocked = Demo.find(e, UnsafeStatementException.class);
        assertThat((Object) blocked).as("UnsafeStatementException in the cause chain of %s", e).isNotNull();
        assertThat(blocked.getSQLState()).isEqualTo("PGS01");
        assertThat(blocked.getMessage()).startsWith("pgsafe blocked add-column-volatile-default on users")
                .contains("Fix:");
    }

    /** V100's plain CREATE INDEX was rewritten (CONCURRENTLY) and applied; V101 was not. */
    static void assertUnsafeStoppedAtV101(TestDatabase db) throws Exception {
        assertThat(db.queryForLong("select count(*) from pg_indexes where indexname = 'users_created_at_idx'")).isOne();
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'users'"
                + " and column_name = 'public_id'")).isZero();
        assertThat(db.queryForString("select version from flyway_schema_history where success"
                + " order by installed_rank desc limit 1")).isEqualTo("100");
    }

    /** The app's OpenTelemetry bean (DemoTelemetry) got pgsafe's spans: the rewritten index and the blocked column. */
    private static void assertSpansShowTheRewriteAndTheBlock() {
        List<String> spans = DemoTelemetry.get().printer().ended().stream()
                .map(DemoTelemetry.SpanPrinter::format).toList();
        assertThat(spans).anySatisfy(span -> assertThat(span).contains("CREATE INDEX", "pgsafe.action=rewritten"));
        assertThat(spans).anySatisfy(span -> assertThat(span).contains("ALTER TABLE users", "pgsafe.action=blocked",
                "db.response.status_code=PGS01"));
    }

    @Test
    void warnModeRunsTheUnsafeProfileAndSaysWhatItWouldHaveDone(SharedPostgres server) throws Exception {
        List<String> pgsafeLines = new CopyOnWriteArrayList<>();
        try (TestDatabase db = server.createDatabase("sample_warn");
                ConfigurableApplicationContext app = start(db, db.url(), false, pgsafeLines,
                        "--spring.profiles.active=unsafe", "--pgsafe.mode=warn")) {
            assertThat(app.getBean(Flyway.class).info().applied()).hasSize(13);
            assertThat(db.queryForString("select data_type from information_schema.columns where table_name = 'users'"
                    + " and column_name = 'public_id'")).isEqualTo("uuid");
            assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'users'"
                    + " and column_name = 'mail'")).isOne();
        }
        assertThat(pgsafeLines.stream().filter(line -> line.startsWith("pgsafe warned:")).map(line -> line.split(" ")[2]))
                .containsExactly("create-index-not-concurrently", "add-column-volatile-default", "alter-column-type",
                        "rename-column", "add-foreign-key-validating");
        assertThat(pgsafeLines).noneMatch(line -> line.startsWith("pgsafe blocked"));
    }

    @Test
    void theLiquibaseProfileRunsTheSameStory(SharedPostgres server) throws Exception {
        try (TestDatabase db = server.createDatabase("sample_liquibase");
                ConfigurableApplicationContext app = start(db, db.url(), false, "--spring.profiles.active=liquibase")) {
            assertThat(db.queryForLong("select count(*) from databasechangelog")).isEqualTo(8);
            assertStoryApplied(db);
        }
    }

    private static void assertStoryApplied(TestDatabase db) throws Exception {
        assertThat(db.queryForLong("select count(*) from information_schema.columns where table_name = 'users'"
                + " and column_name = 'email'")).isZero();
        assertThat(db.queryForString("select is_nullable from information_schema.columns where table_name = 'users'"
                + " and column_name = 'email_address'")).isEqualTo("NO");
        assertThat(db.queryForLong("select count(*) from users where email_address is null")).isZero();
        assertThat(db.queryForLong("select count(*) from pg_index where indexrelid = 'users_email_address_key'::regclass"
                + " and indisvalid")).isOne();
        assertThat(db.queryForLong("select count(*) from pg_constraint where conname = 'orders_user_id_fkey'"
                + " and convalidated")).isOne();
        assertThat(db.queryForLong("select count(*) from pg_constraint where conname = 'users_email_address_not_null'"))
                .isZero();
    }

    private static ConfigurableApplicationContext start(TestDatabase db, String url, boolean web, String... args) {
        return start(db, url, web, null, args);
    }

    /** @param pgsafeLines when not null, collects what the io.pgsafe logger says during the start (migrations included) */
    private static ConfigurableApplicationContext start(TestDatabase db, String url, boolean web, List<String> pgsafeLines,
            String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                "--server.port=0", "--server.address=127.0.0.1", "--logging.level.root=WARN",
                "--logging.level.io.pgsafe=INFO"));
        all.addAll(List.of(args));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF);
        if (pgsafeLines != null) {
            // After Boot has set up logging, before the context (and Flyway) starts.
            builder.listeners((ApplicationListener<ApplicationPreparedEvent>) event -> {
                Logger logger = (Logger) LoggerFactory.getLogger("io.pgsafe");
                AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                    @Override
                    protected void append(ILoggingEvent line) {
                        pgsafeLines.add(line.getFormattedMessage());
                    }
                };
                appender.setContext(logger.getLoggerContext());
                appender.start();
                logger.addAppender(appender);
            });
        }
        return builder.run(all.toArray(String[]::new));
    }
}
