package io.pgsafe.jdbc.telemetry;

import java.util.List;

/** The metrics side, free of Micrometer types. Never SQL text as a tag. */
interface Meters {
    Meters NONE = new Meters() {
    };

    default void statement(String action, List<String> ruleIds) {
    }

    default void lockWait(long millis) {
    }

    default void queued(int sessions) {
    }

    default void retry(String action) {
    }

    default void held(long millis, String table, boolean tooLong) {
    }
}
