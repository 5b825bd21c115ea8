package io.pgsafe.agent;

/**
 * Texts already known to be plain for good (one statement, not DDL, transaction control, UPDATE or DELETE),
 * remembered by identity: pgjdbc keeps one {@code CachedQuery} per text and connection, and applications pass the
 * same {@code String} constants, so the next prepare or execute of the same object skips reading and classifying
 * the text again. A fixed table of slots indexed by the identity hash, read and written without locks: a collision
 * or a stale read is a miss (the text is classified as before), never a wrong answer, because only the very object
 * is compared. Holds at most {@value #SLOTS} objects.
 */
final class PlainTexts {
    private static final int SLOTS = 256;
    private final Object[] slots = new Object[SLOTS];

    boolean contains(Object text) {
        return text != null && slots[System.identityHashCode(text) & (SLOTS - 1)] == text;
    }

    void add(Object text) {
        slots[System.identityHashCode(text) & (SLOTS - 1)] = text;
    }
}
