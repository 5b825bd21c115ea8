package io.pgsafe.core.model;

/**
 * PostgreSQL's table-level lock modes, weakest first
 * (<a href="https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES">13.3.1</a>).
 */
public enum LockMode {
    NONE("", "no table lock"),
    ACCESS_SHARE("AccessShareLock", "ACCESS SHARE"),
    ROW_SHARE("RowShareLock", "ROW SHARE"),
    ROW_EXCLUSIVE("RowExclusiveLock", "ROW EXCLUSIVE"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"),
    SHARE("ShareLock", "SHARE"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE"),
    EXCLUSIVE("ExclusiveLock", "EXCLUSIVE"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock", "ACCESS EXCLUSIVE");

    private final String pgLocksName;
    private final String sqlName;

    LockMode(String pgLocksName, String sqlName) {
        this.pgLocksName = pgLocksName;
        this.sqlName = sqlName;
    }

    /** The mode as {@code pg_locks.mode} shows it. */
    public String pgLocksName() {
        return pgLocksName;
    }

    /** The mode as SQL writes it ({@code LOCK TABLE … IN <mode> MODE}). */
    public String sqlName() {
        return sqlName;
    }

    /** "an ACCESS EXCLUSIVE lock", "a SHARE lock": for messages. */
    public String asPhrase() {
        char first = sqlName.isEmpty() ? 'x' : sqlName.charAt(0);
        return ("AEIOU".indexOf(first) >= 0 ? "an " : "a ") + sqlName + " lock";
    }

    public boolean isAtLeast(LockMode other) {
        return compareTo(other) >= 0;
    }

    /** SHARE and above conflict with ROW EXCLUSIVE: INSERT, UPDATE and DELETE wait. */
    public boolean blocksWrites() {
        return isAtLeast(SHARE);
    }

    /** Only ACCESS EXCLUSIVE conflicts with ACCESS SHARE: plain SELECTs wait. */
    public boolean blocksReads() {
        return this == ACCESS_EXCLUSIVE;
    }

    public static LockMode fromPgLocksName(String name) {
        for (LockMode mode : values()) {
            if (mode.pgLocksName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("not a table lock mode: " + name);
    }

    public static LockMode stronger(LockMode a, LockMode b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
