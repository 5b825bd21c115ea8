package io.pgsafe.jdbc.monitor;

/** Lets a test see the once-per-JVM notice again. */
public final class LockMonitorTestAccess {
    private LockMonitorTestAccess() {
    }

    public static void resetNotice() {
        LockMonitor.resetNoticeForTests();
    }
}
