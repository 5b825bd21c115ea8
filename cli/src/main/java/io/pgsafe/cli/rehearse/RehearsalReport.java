package io.pgsafe.cli.rehearse;

import java.util.List;
import java.util.Map;

/** What a rehearsal measured: the JSON form of the report ({@code --format json}) and the input of the Markdown one. */
public record RehearsalReport(
        String database,
        boolean copy,
        String serverVersion,
        double maxLockWindowMs,
        long hotTableRows,
        int trafficSessions,
        List<StatementReport> statements,
        List<FileRollback> rollback,
        List<DataWrite> dataWrites,
        Map<String, Object> trafficReads,
        Map<String, Object> trafficWrites,
        List<String> trafficErrors,
        int samples,
        double samplerMaxGapMs,
        List<String> notes,
        String failure,
        List<String> gateViolations,
        boolean gatePassed) {

    /** One statement as it ran. Times in milliseconds. */
    public record StatementReport(
            int index,
            String file,
            int line,
            String sql,
            boolean inTransaction,
            List<LockReport> locks,
            String strongestLock,
            String strongestLockOn,
            double lockWaitMs,
            double lockWindowMs,
            double durationMs,
            Long rowsTouched,
            String pgsafe,
            List<String> ruleIds,
            String ruleLock,
            double trafficMaxLatencyMs,
            int peakQueuedSessions,
            String error) {
    }

    /** A relation lock the statement took, as pg_locks showed it. */
    public record LockReport(
            String relation,
            String mode,
            long tableRows,
            boolean hot,
            double waitMs,
            double windowMs,
            boolean blocksReads,
            boolean blocksWrites,
            String seenBy) {
    }

    /** The way back for one file. */
    public record FileRollback(String file, String tool, boolean found, String kind, String detail, String recovery) {
    }

    /** A statement that writes data, and how many rows it touched. */
    public record DataWrite(String file, int line, String sql, Long rowsTouched) {
    }
}
