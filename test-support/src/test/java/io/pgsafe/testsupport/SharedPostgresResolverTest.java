package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The resolver with explicit settings, without touching the JVM's shared server (each call builds its own).
 * Only ways that cost nothing here are exercised: a URL (the shared server's own, or a dead port) and forced sources.
 */
class SharedPostgresResolverTest {

    @Test
    void usesAGivenUrlAndTakesTheCredentialsOutOfIt() {
        SharedPostgres shared = SharedPostgres.get();
        String url = shared.jdbcUrl() + (shared.jdbcUrl().contains("?") ? "&" : "?")
                + "user=" + shared.user() + "&password=" + shared.password();

        SharedPostgres viaUrl = SharedPostgresResolver.resolve(settings(Map.of(HarnessSettings.JDBC_URL_PROPERTY, url)));

        assertThat(viaUrl.source()).isEqualTo(PostgresSource.JDBC_URL);
        assertThat(viaUrl.jdbcUrl()).isEqualTo(shared.jdbcUrl());
        assertThat(viaUrl.user()).isEqualTo(shared.user());
        assertThat(viaUrl.serverVersionNum()).isEqualTo(shared.serverVersionNum());
    }

    @Test
    void aGivenUrlThatFailsIsNotReplacedByAnotherServer() {
        Map<String, String> properties = Map.of(
                HarnessSettings.JDBC_URL_PROPERTY, "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2");

        assertThatThrownBy(() -> SharedPostgresResolver.resolve(settings(properties)))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageContaining("1. JDBC URL").hasMessageContaining("failed - could not connect to jdbc:postgresql://127.0.0.1:1/")
                .hasMessageContaining("2. Testcontainers").hasMessageContaining("3. Embedded PostgreSQL")
                .hasMessageContaining("not tried - an explicit JDBC URL was given and failed");
    }

    @Test
    void aForcedWayWithoutConfigurationFailsNamingAllThree() {
        Map<String, String> properties = Map.of(HarnessSettings.SOURCE_PROPERTY, "jdbc-url");

        assertThatThrownBy(() -> SharedPostgresResolver.resolve(settings(properties)))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageContaining("1. JDBC URL").hasMessageContaining("not configured")
                .hasMessageContaining("2. Testcontainers").hasMessageContaining("not tried - PGSAFE_TEST_SOURCE/-Dpgsafe-test.source forces jdbc-url")
                .hasMessageContaining("3. Embedded PostgreSQL");
    }

    private static HarnessSettings settings(Map<String, String> properties) {
        return HarnessSettings.from(properties, Map.of());
    }
}
