package io.pgsafe.core.rules;

import io.pgsafe.core.config.PgVersion;

/**
 * The server versions, as {@code server_version_num}, on which a rule's hazard exists:
 * {@code [fromInclusive, toExclusive)}.
 */
public record VersionRange(int fromInclusive, int toExclusive) {

    public static final VersionRange ALL = new VersionRange(0, Integer.MAX_VALUE);

    public static VersionRange before(int versionNum) {
        return new VersionRange(0, versionNum);
    }

    public static VersionRange from(int versionNum) {
        return new VersionRange(versionNum, Integer.MAX_VALUE);
    }

    public boolean contains(PgVersion version) {
        return version.versionNum() >= fromInclusive && version.versionNum() < toExclusive;
    }

    public String describe() {
        if (fromInclusive == 0 && toExclusive == Integer.MAX_VALUE) {
            return "all versions";
        }
        if (fromInclusive == 0) {
            return "before " + name(toExclusive);
        }
        if (toExclusive == Integer.MAX_VALUE) {
            return name(fromInclusive) + " and later";
        }
        return name(fromInclusive) + " up to " + name(toExclusive) + " (excluded)";
    }

    private static String name(int versionNum) {
        return versionNum >= 100_000 ? (versionNum / 10_000) + "." + (versionNum % 10_000)
                : (versionNum / 10_000) + "." + (versionNum / 100 % 100);
    }
}
