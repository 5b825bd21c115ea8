package io.pgsafe.jdbc;

import java.util.Map;

/** Package-private pieces the reliability tests (io.pgsafe.jdbc.reliability) drive directly. */
public final class PgSafeTestAccess {
    private PgSafeTestAccess() {
    }

    /** Loads the configuration from every layer plus these URL-style parameters (throws on a bad value). */
    public static Object loadConfig(Map<String, String> parameters) {
        return ConfigLoader.load(parameters).config();
    }

    /** Forgets the cached classpath file, environment and configurations. */
    public static void resetConfigCaches() {
        ConfigLoader.resetForTests();
    }
}
