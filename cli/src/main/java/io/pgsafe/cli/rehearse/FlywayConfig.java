package io.pgsafe.cli.rehearse;

import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Flyway configuration of a {@code pgsafe rehearse --flyway-…} run: Flyway's own {@code flyway.*} keys from a
 * {@code flyway.conf}, {@code --flyway-locations} over {@code flyway.locations}, and the class path (directories
 * and jars, {@code --flyway-classpath} plus {@code flyway.jarDirs}) that Java migrations and {@code classpath:}
 * locations are loaded from. The connection keys ({@code flyway.url}, {@code user}, {@code password},
 * {@code driver}) are left out: the rehearsal always runs on {@code --url}, through the pgsafe driver.
 */
record FlywayConfig(Map<String, String> properties, List<Path> classpath, List<String> notes) {

    private static final List<String> CONNECTION_KEYS = List.of("flyway.url", "flyway.user", "flyway.password", "flyway.driver");
    static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    /**
     * @throws IllegalArgumentException what is wrong with the options or the file, and how to fix it
     */
    static FlywayConfig of(Path configFile, List<String> locations, List<Path> classpath) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (configFile != null) {
            String name = configFile.getFileName().toString();
            if (name.endsWith(".toml")) {
                throw new IllegalArgumentException("--flyway-config " + configFile + ": TOML configuration is not read by "
                        + "pgsafe rehearse; give a flyway.conf with flyway.* keys (flyway.locations=…), or use "
                        + "--flyway-locations and --flyway-classpath");
            }
            if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
                throw new IllegalArgumentException("--flyway-config " + configFile + ": no such readable file");
            }
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            List<String> foreign = new ArrayList<>();
            for (String key : file.stringPropertyNames()) {
                if (!key.startsWith("flyway.")) {
                    foreign.add(key);
                } else if (CONNECTION_KEYS.contains(key)) {
                    notes.add(key + " in " + name + " is not used: the rehearsal runs on --url, through the pgsafe driver.");
                } else {
                    properties.put(key, file.getProperty(key).trim());
                }
            }
            if (!foreign.isEmpty()) {
                throw new IllegalArgumentException("--flyway-config " + configFile + ": " + String.join(", ", foreign.stream().sorted().toList())
                        + (foreign.size() == 1 ? " is not a Flyway key" : " are not Flyway keys")
                        + ": Flyway's keys start with flyway. (e.g. flyway.locations=filesystem:sql)");
            }
        }
        if (locations != null && !locations.isEmpty()) {
            properties.put("flyway.locations", String.join(",", locations));
        }
        List<Path> entries = new ArrayList<>();
        for (Path entry : classpath == null ? List.<Path>of() : classpath) {
            if (!Files.isDirectory(entry) && !(Files.isRegularFile(entry) && entry.toString().endsWith(".jar"))) {
                throw new IllegalArgumentException("--flyway-classpath " + entry + ": no such directory or .jar file "
                        + "(give the folder of the compiled migrations, e.g. target/classes, or the application's jar)");
            }
            entries.add(entry);
        }
        String jarDirs = properties.remove("flyway.jarDirs");
        if (jarDirs != null) {
            for (String dir : jarDirs.split("[,;]")) {
                Path folder = (configFile != null && configFile.getParent() != null ? configFile.getParent() : Path.of("")).resolve(dir.trim());
                if (!Files.isDirectory(folder)) {
                    throw new IllegalArgumentException("flyway.jarDirs " + dir.trim() + " in " + configFile + ": no such directory");
                }
                try (Stream<Path> jars = Files.list(folder)) {
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
                }
            }
        }
        if (!properties.containsKey(TRANSACTIONAL_LOCK)) {
            // Flyway's default holds its PostgreSQL advisory lock in a transaction left open on a second connection,
            // and CREATE INDEX CONCURRENTLY waits for every open transaction: the rehearsal would wait for ever.
            properties.put(TRANSACTIONAL_LOCK, "false");
            notes.add(TRANSACTIONAL_LOCK + "=false (Flyway's default, true, makes CREATE INDEX CONCURRENTLY wait for "
                    + "Flyway's own open transaction for ever); set it in the configuration to rehearse with another value.");
        }
        return new FlywayConfig(Map.copyOf(properties), List.copyOf(entries), List.copyOf(notes));
    }

    /** The class loader for Java migrations and classpath: locations: the class path entries over pgsafe's own. */
    ClassLoader classLoader() {
        if (classpath.isEmpty()) {
            return FlywayConfig.class.getClassLoader();
        }
        URL[] urls = classpath.stream().map(p -> {
            try {
                return p.toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--flyway-classpath " + p + ": " + e.getMessage(), e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader("pgsafe-rehearse-flyway", urls, FlywayConfig.class.getClassLoader());
    }
}
