package io.pgsafe.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code io.pgsafe} logger, and "log this kind of internal error once" without locking. */
final class PgSafeLog {
    static final Logger LOG = LoggerFactory.getLogger("io.pgsafe");
    private static final Set<String> LOGGED_ONCE = ConcurrentHashMap.newKeySet();

    private PgSafeLog() {
    }

    /** An internal pgsafe error that did not stop the statement: logged the first time per kind. */
    static void internalErrorOnce(String where, Throwable error) {
        if (LOGGED_ONCE.add(where + ":" + error.getClass().getName())) {
            LOG.error("pgsafe internal error in {} (the statement was let through; logged once): {}", where,
                    error.toString(), error);
        }
    }
}
