package io.pgsafe.jdbc.telemetry.renamed;

/** What {@code ClassFileNamesTest}'s fixture calls; the test renames its package. */
public final class Target {
    private Target() {
    }

    public static String where() {
        return Target.class.getName();
    }
}
