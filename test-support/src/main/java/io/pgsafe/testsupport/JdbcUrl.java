package io.pgsafe.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A pgjdbc URL cut into host part, database and parameters, so the harness can point the same server's URL at
 * another database (one per test class) and take credentials out of it.
 * Accepts {@code jdbc:postgresql://host[:port][,host2...]/db?k=v&...} and the host-less {@code jdbc:postgresql:db}.
 */
final class JdbcUrl {

    static final String PREFIX = "jdbc:postgresql:";

    private final String hosts;     // "//host:port" or "" for the host-less form
    private final String database;  // may be empty: pgjdbc then uses the user name
    private final Map<String, String> parameters; // raw (still URL-encoded) values, in order

    private JdbcUrl(String hosts, String database, Map<String, String> parameters) {
        this.hosts = hosts;
        this.database = database;
        this.parameters = parameters;
    }

    static JdbcUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (must start with " + PREFIX + "): " + url);
        }
        String rest = url.substring(PREFIX.length());
        Map<String, String> parameters = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("//")) {
            return new JdbcUrl("", rest, parameters);
        }
        int slash = rest.indexOf('/', 2);
        return slash < 0
                ? new JdbcUrl(rest, "", parameters)
                : new JdbcUrl(rest.substring(0, slash), rest.substring(slash + 1), parameters);
    }

    String database() {
        return database;
    }

    /** A parameter's decoded value. */
    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name)).map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8));
    }

    JdbcUrl withoutParameters(String... names) {
        Map<String, String> kept = new LinkedHashMap<>(parameters);
        Arrays.asList(names).forEach(kept::remove);
        return new JdbcUrl(hosts, database, kept);
    }

    JdbcUrl withDatabase(String newDatabase) {
        return new JdbcUrl(hosts, newDatabase, parameters);
    }

    @Override
    public String toString() {
        String base = hosts.isEmpty() ? PREFIX + database : PREFIX + hosts + "/" + database;
        if (parameters.isEmpty()) {
            return base;
        }
        return base + "?" + parameters.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }
}
