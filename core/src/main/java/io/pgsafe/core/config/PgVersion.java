package io.pgsafe.core.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server version as {@code server_version_num} encodes it: 140002 is 14.2, 90603 is 9.6.3.
 * Since PostgreSQL 10 a version has two parts (major.minor); before 10 it had three (9.6 was the
 * major). See https://www.postgresql.org/docs/current/runtime-config-preset.html
 *
 * @param versionNum the {@code server_version_num} form, from 80000 (8.0) to 999999
 */
public record PgVersion(int versionNum) implements Comparable<PgVersion> {
    private static final int MIN = 80_000;
    private static final int MAX = 999_999;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,6}");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,2})\\.(\\d{1,4})(?:\\.(\\d{1,2}))?");

    public PgVersion {
        if (versionNum < MIN || versionNum > MAX) {
            throw new IllegalArgumentException("server_version_num " + versionNum + " is outside 80000..999999");
        }
    }

    /**
     * {@code of(14, 2)} is 14.2; for versions before 10 the major has two parts, so {@code of(9, 6)} is 9.6.
     */
    public static PgVersion of(int major, int minor) {
        return major >= 10 ? new PgVersion(major * 10_000 + minor) : new PgVersion(major * 10_000 + minor * 100);
    }

    /**
     * Reads a major version ({@code 15}), a version string ({@code 14.2}, {@code 9.6}, {@code 9.6.3}) or a
     * {@code server_version_num} ({@code 120000}, {@code 90603}).
     *
     * @throws IllegalArgumentException when the text is none of those
     */
    public static PgVersion parse(String text) {
        String trimmed = text.strip();
        if (NUMBER.matcher(trimmed).matches()) {
            int number = Integer.parseInt(trimmed);
            if (number >= 10 && number <= 99) {
                return of(number, 0);
            }
            if (number >= MIN) {
                return new PgVersion(number);
            }
        }
        Matcher dotted = DOTTED.matcher(trimmed);
        if (dotted.matches()) {
            int first = Integer.parseInt(dotted.group(1));
            int second = Integer.parseInt(dotted.group(2));
            boolean threeParts = dotted.group(3) != null;
            if (first >= 10 && !threeParts) {
                return of(first, second);
            }
            if (first >= 8 && first <= 9 && second <= 99) {
                int patch = threeParts ? Integer.parseInt(dotted.group(3)) : 0;
                return new PgVersion(first * 10_000 + second * 100 + patch);
            }
        }
        throw new IllegalArgumentException("not a PostgreSQL version: " + text);
    }

    @Override
    public int compareTo(PgVersion other) {
        return Integer.compare(versionNum, other.versionNum);
    }

    /** {@code 14.2}, or {@code 9.6.3} before 10. */
    @Override
    public String toString() {
        if (versionNum >= 100_000) {
            return versionNum / 10_000 + "." + versionNum % 10_000;
        }
        return versionNum / 10_000 + "." + versionNum / 100 % 100 + "." + versionNum % 100;
    }
}
