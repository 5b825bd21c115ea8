package io.pgsafe.jdbc.monitor;

import java.util.List;

/**
 * What the lock monitor saw while one statement ran.
 *
 * @param monitored      false when the monitor was off or unavailable: the other figures are then empty
 * @param waitMillis     how long the statement's backend waited on a lock (wait_event_type = 'Lock')
 * @param blockingPids   every pid {@code pg_blocking_pids()} named while it waited
 * @param blockers       those sessions' details
 * @param queuedSessions the peak number of sessions waiting behind it
 */
public record LockObservation(boolean monitored, long waitMillis, List<Integer> blockingPids, List<Blocker> blockers,
                              int queuedSessions) {
    public static final LockObservation NONE = new LockObservation(false, 0, List.of(), List.of(), 0);
}
