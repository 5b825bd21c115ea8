package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds configurations for the tests from one source or a few. */
final class Configs {
    static final Set<String> KNOWN_RULES = Set.of("create-index-not-concurrently", "drop-table", "truncate");

    private Configs() {
    }

    static PgSafeConfig fromUrl(String key, String value) {
        return layered(url(Map.of(key, value)));
    }

    static PgSafeConfigException failureFromUrl(String key, String value) {
        return catchThrowableOfType(PgSafeConfigException.class, () -> fromUrl(key, value));
    }

    static PgSafeConfig layered(ConfigSource... sources) {
        return PgSafeConfig.layered(List.of(sources), KNOWN_RULES);
    }

    static ConfigSource url(Map<String, String> values) {
        return new ConfigSource(ConfigSource.URL_PARAMETERS, values);
    }
}
