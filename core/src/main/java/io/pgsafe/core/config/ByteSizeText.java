package io.pgsafe.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written the way PostgreSQL's memory settings are ({@code work_mem = '64MB'}): a plain number of
 * bytes, or a number with {@code B}, {@code kB}, {@code MB}, {@code GB} or {@code TB}, where 1kB is 1024
 * bytes; units are case-sensitive as in PostgreSQL. A fraction is rounded to the nearest byte, as
 * PostgreSQL rounds to its base unit. See https://www.postgresql.org/docs/current/config-setting.html
 */
final class ByteSizeText {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(B|kB|MB|GB|TB)?");
    private static final Pattern NEGATIVE = Pattern.compile("-\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(B|kB|MB|GB|TB)?");
    private static final String[] UNITS = {"TB", "GB", "MB", "kB"};

    private ByteSizeText() {
    }

    static long parse(String text) {
        String trimmed = text.strip();
        if (NEGATIVE.matcher(trimmed).matches()) {
            throw new RejectedValue("is negative");
        }
        Matcher matcher = SIZE.matcher(trimmed);
        if (!matcher.matches()) {
            throw new RejectedValue("is not a size");
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1))
                .multiply(BigDecimal.valueOf(unitBytes(matcher.group(2))))
                .setScale(0, RoundingMode.HALF_EVEN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new RejectedValue("is too large");
        }
        return bytes.longValueExact();
    }

    /** The shortest exact spelling, largest unit first: {@code 10MB}, {@code 1500B}. */
    static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (String unit : UNITS) {
            long size = unitBytes(unit);
            if (bytes % size == 0) {
                return bytes / size + unit;
            }
        }
        return bytes + "B";
    }

    private static long unitBytes(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "B" -> 1;
            case "kB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
