package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.config.PgVersion;

/** Version boundaries the rules share. */
final class PgVersions {

    static final int PG11 = 110000;
    static final int PG12 = 120000;
    static final int PG14 = 140000;
    static final int PG14_4 = 140004;
    static final int PG15 = 150000;
    static final int PG18 = 180000;

    private PgVersions() {
    }

    /**
     * PostgreSQL 14.0 to 14.3 could silently corrupt indexes built or rebuilt CONCURRENTLY
     * (<a href="https://www.postgresql.org/docs/release/14.4/">14.4 release notes</a>).
     */
    static boolean corruptsConcurrentIndexes(PgVersion version) {
        return version.versionNum() >= PG14 && version.versionNum() < PG14_4;
    }
}
