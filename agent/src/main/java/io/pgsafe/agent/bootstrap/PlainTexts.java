package io.pgsafe.agent.bootstrap;

import java.lang.ref.WeakReference;

/**
 * Objects whose text is already known to pass for good (one statement, not DDL, transaction control, UPDATE or
 * DELETE) or, in a second table, to be one UPDATE or DELETE: pgjdbc keeps one {@code CachedQuery} per text and
 * connection, and applications pass the same {@code String} constants, so the next prepare or execute of the same
 * object skips reading and classifying the text again. A fixed table of slots indexed by the identity hash, read
 * and written without locks: a collision or a stale read is a miss (the text is classified as before), never a wrong
 * answer, because only the very object is compared. Slots hold their objects weakly: a {@code CachedQuery} reaches
 * its connection's protocol state, which must not outlive the connection here. At most {@value #SLOTS} objects;
 * {@code java.base} only (it lives on the boot class path with {@link PgSafeBridge}).
 */
public final class PlainTexts {
    private static final int SLOTS = 512;
    @SuppressWarnings("unchecked")
    private final WeakReference<Object>[] slots = new WeakReference[SLOTS];

    public boolean contains(Object text) {
        if (text == null) {
            return false;
        }
        WeakReference<Object> slot = slots[System.identityHashCode(text) & (SLOTS - 1)];
        return slot != null && slot.get() == text;
    }

    /** Forgets everything. */
    public void clear() {
        java.util.Arrays.fill(slots, null);
    }

    /** Allocates (one weak reference): only after a miss, never on the hot path's hit. */
    public void add(Object text) {
        if (text != null) {
            slots[System.identityHashCode(text) & (SLOTS - 1)] = new WeakReference<>(text);
        }
    }
}
