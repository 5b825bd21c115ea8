package io.pgsafe.core.rules;

/** What a statement does to the rows of the table while it holds its lock. */
public enum TableImpact {
    /** Catalog only: the lock is held for a moment (once it is granted). */
    NONE,
    /** Reads every row (a validation scan or an index build): the lock lasts as long as the table is big. */
    SCAN,
    /** Writes a new copy of the table and its indexes. */
    REWRITE,
    /** Changes what applications see (a name, a column) — a compatibility hazard rather than a lock one. */
    BREAKS_CLIENTS
}
