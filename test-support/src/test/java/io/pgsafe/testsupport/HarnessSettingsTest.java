package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarnessSettingsTest {

    @Test
    void systemPropertiesWinOverEnvironment() {
        HarnessSettings settings = HarnessSettings.from(
                Map.of("pgsafe-test.jdbc-url", "jdbc:postgresql://from-property/db"),
                Map.of("PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://from-env/db", "PGSAFE_TEST_USER", "alice",
                        "PGSAFE_TEST_PASSWORD", "secret"));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://from-property/db");
        assertThat(settings.user()).isEqualTo("alice");
        assertThat(settings.password()).isEqualTo("secret");
    }

    @Test
    void defaultsAndBlankValues() {
        HarnessSettings settings = HarnessSettings.from(Map.of("pgsafe-test.jdbc-url", "  "), Map.of());

        assertThat(settings.jdbcUrl()).isNull();
        assertThat(settings.image()).isEqualTo("postgres:17-alpine");
        assertThat(settings.forcedSource()).isNull();
        assertThat(settings.allows(PostgresSource.TESTCONTAINERS)).isTrue();
    }

    @Test
    void forcedSource() {
        HarnessSettings settings = HarnessSettings.from(Map.of(), Map.of("PGSAFE_TEST_SOURCE", "Embedded"));

        assertThat(settings.forcedSource()).isEqualTo(PostgresSource.EMBEDDED);
        assertThat(settings.allows(PostgresSource.EMBEDDED)).isTrue();
        assertThat(settings.allows(PostgresSource.JDBC_URL)).isFalse();
        assertThat(HarnessSettings.parseSource("jdbc-url")).isEqualTo(PostgresSource.JDBC_URL);
        assertThatThrownBy(() -> HarnessSettings.parseSource("docker"))
                .hasMessageContaining("expected one of jdbc-url, testcontainers, embedded");
    }
}
