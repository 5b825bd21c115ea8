package io.pgsafe.core.rules;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.parse.DdlParser;

/**
 * One statement of a rewrite plan.
 *
 * @param sql           what to send
 * @param lock          the lock it takes on its table
 * @param longRunning   work that is long by design under a weak lock (a concurrent build, a validation):
 *                      no statement timeout and the long lock timeout
 * @param transactional false when it cannot run inside a transaction block (CONCURRENTLY)
 * @param purpose       what this step achieves, for the log and for the error if it fails
 * @param cleanup       the statement that undoes what a failure of this step leaves behind, or null
 */
public record PlanStep(String sql, LockMode lock, boolean longRunning, boolean transactional, String purpose,
                       String cleanup) {

    /** A step whose lock, length and transactionality are read from its own SQL. */
    public static PlanStep of(String sql, String purpose) {
        return of(sql, purpose, null);
    }

    public static PlanStep of(String sql, String purpose, String cleanup) {
        ParsedStatement parsed = DdlParser.parse(sql);
        return new PlanStep(sql, StatementLocks.lockOf(parsed, Integer.MAX_VALUE),
                StatementLocks.isLongByDesign(parsed), StatementLocks.canRunInTransaction(parsed), purpose, cleanup);
    }
}
