package io.pgsafe.testsupport;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The knobs of the harness. Each is read from a system property first (the more specific setting, e.g. {@code -D} on
 * the Maven command line, which Surefire passes on) and then from an environment variable.
 */
record HarnessSettings(String jdbcUrl, String user, String password, String image, PostgresSource forcedSource) {

    static final String JDBC_URL_PROPERTY = "pgsafe-test.jdbc-url";
    static final String JDBC_URL_ENV = "PGSAFE_TEST_JDBC_URL";
    static final String USER_PROPERTY = "pgsafe-test.user";
    static final String USER_ENV = "PGSAFE_TEST_USER";
    static final String PASSWORD_PROPERTY = "pgsafe-test.password";
    static final String PASSWORD_ENV = "PGSAFE_TEST_PASSWORD";
    /** The Testcontainers image; a version matrix can change it. */
    static final String IMAGE_PROPERTY = "pgsafe-test.image";
    static final String IMAGE_ENV = "PGSAFE_TEST_IMAGE";
    /**
     * Forces one way ({@code jdbc-url}, {@code testcontainers} or {@code embedded}) and skips the others, e.g. so that
     * the embedded version matrix is really used on a machine that also has Docker.
     */
    static final String SOURCE_PROPERTY = "pgsafe-test.source";
    static final String SOURCE_ENV = "PGSAFE_TEST_SOURCE";

    static final String DEFAULT_IMAGE = "postgres:17-alpine";

    static HarnessSettings fromEnvironment() {
        return from(System::getProperty, System::getenv);
    }

    static HarnessSettings from(Map<String, String> properties, Map<String, String> environment) {
        return from(properties::get, environment::get);
    }

    private static HarnessSettings from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Lookup lookup = new Lookup(properties, environment);
        return new HarnessSettings(
                lookup.get(JDBC_URL_PROPERTY, JDBC_URL_ENV).orElse(null),
                lookup.get(USER_PROPERTY, USER_ENV).orElse(null),
                lookup.get(PASSWORD_PROPERTY, PASSWORD_ENV).orElse(null),
                lookup.get(IMAGE_PROPERTY, IMAGE_ENV).orElse(DEFAULT_IMAGE),
                lookup.get(SOURCE_PROPERTY, SOURCE_ENV).map(HarnessSettings::parseSource).orElse(null));
    }

    /** True when no source is forced or this one is the forced one. */
    boolean allows(PostgresSource source) {
        return forcedSource == null || forcedSource == source;
    }

    static PostgresSource parseSource(String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return PostgresSource.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SOURCE_PROPERTY + "/" + SOURCE_ENV + " is '" + value
                    + "'; expected one of jdbc-url, testcontainers, embedded", e);
        }
    }

    private record Lookup(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Optional<String> get(String property, String env) {
            return nonBlank(properties.apply(property)).or(() -> nonBlank(environment.apply(env)));
        }

        private static Optional<String> nonBlank(String value) {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }
    }
}
