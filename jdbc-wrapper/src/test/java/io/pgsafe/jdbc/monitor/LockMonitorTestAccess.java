package io.pgsafe.jdbc.monitor;

/** Lets a test see the once-per-JVM notice again. */
final class LockMonitorTestAccess {
    private LockMonitorTestAccess() {
    }

    static void resetNotice() {
        LockMonitor.resetNoticeForTests();
    }
}
