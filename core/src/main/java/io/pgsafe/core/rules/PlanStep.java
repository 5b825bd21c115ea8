package io.pgsafe.core.rules;

import io.pgsafe.core.model.LockMode;

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

    public static PlanStep catalogOnly(String sql, LockMode lock, String purpose) {
        return new PlanStep(sql, lock, false, true, purpose, null);
    }

    public static PlanStep longWeak(String sql, LockMode lock, boolean transactional, String purpose,
                                    String cleanup) {
        return new PlanStep(sql, lock, true, transactional, purpose, cleanup);
    }
}
