package io.pgsafe.core.rules.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code ALTER COLUMN … TYPE} changes PostgreSQL makes without rewriting the table: the types are
 * binary-coercible and the new modifier accepts every old value, so only the catalog changes (and indexes are
 * kept). The list follows strong_migrations' {@code change_type_safe?}
 * (lib/strong_migrations/adapters/postgresql_adapter.rb) and the planner support functions in PostgreSQL
 * ({@code varchar_support}, {@code numeric_support}, {@code timestamp_support}, {@code interval_support},
 * {@code varbit_support}); timestamp ↔ timestamptz since PostgreSQL 12 when the session TimeZone is UTC.
 * {@code char(n)} to varchar or text is not in it: that cast strips trailing blanks and rewrites.
 */
final class TypeChange {

    /** A type name without its modifiers, in one canonical spelling, and the modifiers, -1 when absent. */
    record Type(String name, int first, int second) {
    }

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("character varying", "varchar"), Map.entry("varchar", "varchar"),
            Map.entry("character", "bpchar"), Map.entry("char", "bpchar"), Map.entry("bpchar", "bpchar"),
            Map.entry("text", "text"), Map.entry("citext", "citext"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"),
            Map.entry("timestamp", "timestamp"), Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamptz", "timestamptz"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time", "time"), Map.entry("time without time zone", "time"),
            Map.entry("timetz", "timetz"), Map.entry("time with time zone", "timetz"),
            Map.entry("interval", "interval"),
            Map.entry("bit varying", "varbit"), Map.entry("varbit", "varbit"),
            Map.entry("cidr", "cidr"), Map.entry("inet", "inet"),
            Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("int4", "int4"),
            Map.entry("bigint", "int8"), Map.entry("int8", "int8"),
            Map.entry("smallint", "int2"), Map.entry("int2", "int2"));

    private static final Pattern MODIFIERS = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    /** Default and maximum fractional-second precision of timestamp, time and interval. */
    private static final int MAX_SECONDS_PRECISION = 6;

    private TypeChange() {
    }

    static Type parse(String written) {
        String text = written.trim().toLowerCase(Locale.ROOT).replace("\"", "");
        if (text.startsWith("pg_catalog.")) {
            text = text.substring("pg_catalog.".length());
        }
        int first = -1;
        int second = -1;
        Matcher modifiers = MODIFIERS.matcher(text);
        if (modifiers.find()) {
            first = Integer.parseInt(modifiers.group(1));
            second = modifiers.group(2) == null ? -1 : Integer.parseInt(modifiers.group(2));
            text = text.substring(0, modifiers.start()) + " " + text.substring(modifiers.end());
        }
        text = text.trim().replaceAll("\\s+", " ");
        return new Type(ALIASES.getOrDefault(text, text), first, second);
    }

    /**
     * Whether changing a column from {@code from} to {@code to} is a catalog-only change.
     *
     * @param utcSession the session's TimeZone is UTC (only matters between timestamp and timestamptz)
     */
    static boolean withoutRewrite(String from, String to, int serverVersionNum, boolean utcSession) {
        Type old = parse(from);
        Type target = parse(to);
        if (old.equals(target)) {
            return true;
        }
        return switch (target.name()) {
            case "varchar" -> (old.name().equals("varchar") || old.name().equals("text")) && widens(old, target);
            case "text" -> old.name().equals("varchar");
            case "numeric" -> old.name().equals("numeric") && (target.first() < 0 || old.first() >= 0
                    && target.first() >= old.first() && scale(target) == scale(old));
            case "timestamp", "timestamptz" -> {
                boolean sameZone = old.name().equals(target.name());
                boolean zoneSwap = (old.name().equals("timestamp") || old.name().equals("timestamptz"))
                        && serverVersionNum >= PgVersions.PG12 && utcSession;
                yield (sameZone || zoneSwap) && seconds(target) >= seconds(old);
            }
            case "time", "timetz", "interval" -> old.name().equals(target.name()) && seconds(target) >= seconds(old);
            case "varbit" -> old.name().equals("varbit") && widens(old, target);
            case "inet" -> old.name().equals("cidr");
            default -> false;
        };
    }

    /** No limit on the new type, or one at least as large as the old (limited) one. */
    private static boolean widens(Type old, Type target) {
        return target.first() < 0 || old.first() >= 0 && !old.name().equals("text") && target.first() >= old.first();
    }

    private static int scale(Type numeric) {
        return numeric.second() < 0 ? 0 : numeric.second();
    }

    private static int seconds(Type type) {
        return type.first() < 0 ? MAX_SECONDS_PRECISION : type.first();
    }
}
