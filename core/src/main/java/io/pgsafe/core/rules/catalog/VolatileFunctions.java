package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.SessionFacts.CatalogFacts;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a DEFAULT expression calls a volatile function. At runtime the catalog answers
 * ({@code pg_proc.provolatile = 'v'}); when linting files, or when the catalog does not know the name, the
 * built-ins below that PostgreSQL marks volatile. {@code now()}, {@code current_timestamp} and
 * {@code statement_timestamp()} are STABLE: evaluated once for the ALTER, so a fast default.
 */
final class VolatileFunctions {

    /** Built-in functions marked {@code provolatile = 'v'} that are plausible column defaults. */
    static final Set<String> KNOWN_VOLATILE = Set.of("clock_timestamp", "timeofday", "random", "random_normal",
            "setseed", "gen_random_uuid", "uuidv4", "uuidv7", "uuid_generate_v1", "uuid_generate_v1mc",
            "uuid_generate_v4", "nextval", "txid_current", "txid_current_if_assigned", "pg_current_xact_id",
            "pg_current_xact_id_if_assigned", "gen_random_bytes", "gen_salt");

    /** A function name (optionally schema-qualified) followed by an opening parenthesis. */
    private static final Pattern CALL = Pattern.compile("(?:\"?([A-Za-z_][\\w$]*)\"?\\s*\\.\\s*)?\"?([A-Za-z_][\\w$]*)\"?\\s*\\(");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

    private VolatileFunctions() {
    }

    /** The first volatile function the expression calls, or null. */
    static String firstVolatileCall(String expression, CatalogFacts catalog) {
        Matcher call = CALL.matcher(STRING_LITERAL.matcher(expression).replaceAll("''"));
        while (call.find()) {
            String name = call.group(2).toLowerCase(Locale.ROOT);
            String qualified = call.group(1) == null ? name : call.group(1).toLowerCase(Locale.ROOT) + "." + name;
            if (catalog.isVolatileFunction(qualified).orElseGet(() -> KNOWN_VOLATILE.contains(name))) {
                return name + "()";
            }
        }
        return null;
    }
}
