package io.pgsafe.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way PostgreSQL's time settings are ({@code SET lock_timeout = '2s'}): a number,
 * optionally with a fraction, then one of the units {@code ms}, {@code s}, {@code min}, {@code h},
 * {@code d} (case-sensitive, as in PostgreSQL; space between number and unit allowed). A bare number is
 * milliseconds, PostgreSQL's base unit for {@code lock_timeout} and {@code statement_timeout}, and
 * {@code 0} means disabled. See https://www.postgresql.org/docs/current/config-setting.html
 */
final class DurationText {
    /**
     * PostgreSQL stores these timeouts as an int of milliseconds and refuses anything larger, so a
     * larger value would only fail later, at the first guarded statement.
     */
    static final long MAX_MILLIS = Integer.MAX_VALUE;

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|min|h|d)?");
    private static final Pattern NEGATIVE = Pattern.compile("-\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|min|h|d)?");

    private DurationText() {
    }

    static Duration parse(String text) {
        String trimmed = text.strip();
        if (NEGATIVE.matcher(trimmed).matches()) {
            throw new RejectedValue("is negative");
        }
        Matcher matcher = DURATION.matcher(trimmed);
        if (!matcher.matches()) {
            throw new RejectedValue("is not a duration");
        }
        BigDecimal millis = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitMillis(matcher.group(2))));
        if (millis.stripTrailingZeros().scale() > 0) {
            // PostgreSQL would round 0.4ms to 0, which silently means "no timeout": refuse instead.
            throw new RejectedValue("is not a whole number of milliseconds");
        }
        if (millis.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
            throw new RejectedValue("is too large (PostgreSQL accepts at most " + MAX_MILLIS + "ms, about 24.8 days)");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /** The shortest exact spelling, largest unit first: {@code 10min}, {@code 1500ms}, {@code 0}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        String[] units = {"d", "h", "min", "s"};
        for (String unit : units) {
            long size = unitMillis(unit);
            if (millis % size == 0) {
                return millis / size + unit;
            }
        }
        return millis + "ms";
    }

    private static long unitMillis(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
