package io.pgsafe.cli.rehearse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgsafe.cli.rehearse.RehearsalReport.DataWrite;
import io.pgsafe.cli.rehearse.RehearsalReport.FileRollback;
import io.pgsafe.cli.rehearse.RehearsalReport.LockReport;
import io.pgsafe.cli.rehearse.RehearsalReport.StatementReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as Markdown (the pull request's "Estimated lock window" and "Rollback plan" sections) or JSON. */
final class ReportWriter {

    private ReportWriter() {
    }

    static String json(RehearsalReport report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String markdown(RehearsalReport r) {
        StringBuilder out = new StringBuilder();
        out.append("## Estimated lock window\n\n");
        out.append("Rehearsed with `pgsafe rehearse` on ").append(r.copy() ? "a throw-away copy of " : "")
                .append('`').append(r.database()).append("` (PostgreSQL ").append(r.serverVersion()).append(")")
                .append(r.trafficSessions() > 0 ? ", with " + r.trafficSessions() + " traffic sessions reading and writing the touched tables" : ", without traffic")
                .append(". Locks as `pg_locks` showed them (").append(r.samples()).append(" samples, at most ")
                .append(number(r.samplerMaxGapMs())).append(" ms apart); lock window = from acquiring the lock to the end of its transaction, an upper bound.")
                .append(String.format(Locale.ROOT, " Gate: no lock that blocks writes (SHARE or stronger) held longer than %s ms on a table with more than %,d rows.%n%n",
                        number(r.maxLockWindowMs()), r.hotTableRows()));
        if (r.failure() != null) {
            out.append("**The migration failed:** ").append(r.failure()).append("\n\n");
        }
        if (r.gatePassed()) {
            out.append("**Gate: passed.**\n\n");
        } else if (!r.gateViolations().isEmpty()) {
            out.append("**Gate: failed** — ").append(r.gateViolations().size()).append(" lock window")
                    .append(r.gateViolations().size() == 1 ? "" : "s").append(" over the limit:\n");
            for (String v : r.gateViolations()) {
                out.append("- ").append(v).append('\n');
            }
            out.append('\n');
        }
        out.append("| # | file:line | statement | locks taken (mode, table, rows, window) | waited | duration | rows touched | traffic max latency | pgsafe (enforce) would |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows(r.statements())) {
            StatementReport s = row.statement();
            StringBuilder locks = new StringBuilder();
            for (LockReport l : s.locks()) {
                if (locks.length() > 0) {
                    locks.append("<br>");
                }
                boolean over = l.hot() && l.blocksWrites() && l.windowMs() > r.maxLockWindowMs();
                locks.append(l.blocksWrites() ? "**" + l.mode() + "**" : l.mode()).append(" on ").append(l.relation())
                        .append(String.format(Locale.ROOT, " (%,d rows): ", l.tableRows()))
                        .append(number(l.windowMs())).append(" ms").append(over ? " ⚠" : "");
            }
            if (locks.length() == 0) {
                locks.append(s.ruleLock() == null ? "none seen" : "none seen (rule: " + s.ruleLock() + ")");
            } else if (row.runs() > 1 && row.withLocks() < row.runs()) {
                locks.append(" (seen in ").append(row.withLocks()).append(" of ").append(row.runs()).append(" runs)");
            }
            out.append("| ").append(row.index()).append(" | ").append(MigrationSet.where(s.file(), s.line()))
                    .append(" | `").append(cell(s.sql()).replace("`", "'")).append("`")
                    .append(row.runs() > 1 ? " ×" + row.runs() : "")
                    .append(s.inTransaction() ? "" : " *(autocommit)*")
                    .append(s.error() == null ? "" : " **failed: " + cell(s.error()) + "**")
                    .append(" | ").append(locks)
                    .append(" | ").append(number(s.lockWaitMs())).append(" ms")
                    .append(" | ").append(row.runs() > 1 ? "at most " : "").append(number(s.durationMs())).append(" ms")
                    .append(row.runs() > 1 ? ", " + number(Traffic.round(row.totalMs())) + " ms in all" : "")
                    .append(" | ").append(s.rowsTouched() == null ? "–" : String.format(Locale.ROOT, "%,d", s.rowsTouched()))
                    .append(" | ").append(r.trafficSessions() > 0 ? number(s.trafficMaxLatencyMs()) + " ms" : "–")
                    .append(s.peakQueuedSessions() > 0 ? " (" + s.peakQueuedSessions() + " queued)" : "")
                    .append(" | ").append(cell(s.pgsafe())).append(" |\n");
        }
        out.append('\n');
        if (r.trafficSessions() > 0) {
            out.append("Traffic during the rehearsal: reads ").append(traffic(r.trafficReads()))
                    .append("; writes ").append(traffic(r.trafficWrites())).append(".\n");
            for (String e : r.trafficErrors()) {
                out.append("- traffic error: ").append(cell(e)).append('\n');
            }
            out.append('\n');
        }
        out.append("## Rollback plan\n\n");
        out.append("| file | tool | down migration | recovery path |\n|---|---|---|---|\n");
        for (FileRollback f : r.rollback()) {
            out.append("| ").append(f.file()).append(" | ").append(f.tool()).append(" | ")
                    .append(f.found() ? "found — " : "**missing** — ").append(f.kind()).append(": ").append(cell(f.detail()))
                    .append(" | ").append(cell(f.recovery())).append(" |\n");
        }
        out.append('\n');
        out.append("### Data the migration writes\n\n");
        if (r.dataWrites().isEmpty()) {
            out.append("None: the migration changes the schema only.\n");
        } else {
            out.append("| file:line | statement | rows touched |\n|---|---|---|\n");
            // a Java migration's batches, like the statement table: one row per migration and SQL text, rows summed
            Map<String, List<DataWrite>> groups = new LinkedHashMap<>();
            for (DataWrite w : r.dataWrites()) {
                groups.computeIfAbsent(w.line() > 0 ? w.file() + ":" + w.line() : w.file() + "\u0000" + w.sql(), k -> new ArrayList<>()).add(w);
            }
            for (List<DataWrite> runs : groups.values()) {
                DataWrite w = runs.get(0);
                boolean anyRows = runs.stream().anyMatch(x -> x.rowsTouched() != null);
                long rows = runs.stream().filter(x -> x.rowsTouched() != null).mapToLong(DataWrite::rowsTouched).sum();
                out.append("| ").append(MigrationSet.where(w.file(), w.line())).append(" | `").append(cell(w.sql()).replace("`", "'"))
                        .append('`').append(runs.size() > 1 ? " ×" + runs.size() : "").append(" | ")
                        .append(anyRows ? String.format(Locale.ROOT, "%,d", rows) : "–").append(" |\n");
            }
        }
        if (!r.notes().isEmpty()) {
            out.append('\n');
            for (String note : r.notes()) {
                out.append("> ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    /** A row of the statement table: one statement, or the runs of one a Java migration repeats (its batches). */
    private record Row(String index, StatementReport statement, int runs, int withLocks, double totalMs) {
    }

    /**
     * The statements, with the JDBC statements a Java migration sends again and again (a batch loop) folded into one
     * row per migration and SQL text, at its first run: the longest window per table and mode, the longest wait and
     * duration, the rows summed. Statements from files have a line and are never folded. The JSON has every run.
     */
    private static List<Row> rows(List<StatementReport> statements) {
        Map<String, List<StatementReport>> groups = new LinkedHashMap<>();
        for (StatementReport s : statements) {
            String key = s.line() > 0 ? "#" + s.index() : s.file() + "\u0000" + s.sql();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<Row> rows = new ArrayList<>();
        for (List<StatementReport> runs : groups.values()) {
            StatementReport first = runs.get(0);
            if (runs.size() == 1) {
                rows.add(new Row(String.valueOf(first.index()), first, 1, first.locks().isEmpty() ? 0 : 1, first.durationMs()));
                continue;
            }
            Map<String, LockReport> locks = new LinkedHashMap<>();
            for (StatementReport s : runs) {
                for (LockReport l : s.locks()) {
                    locks.merge(l.relation() + " " + l.mode(), l, (a, b) -> b.windowMs() > a.windowMs() ? b : a);
                }
            }
            List<LockReport> merged = new ArrayList<>(locks.values());
            merged.sort(Comparator.comparingDouble(LockReport::windowMs).reversed());
            boolean anyRows = runs.stream().anyMatch(s -> s.rowsTouched() != null);
            StatementReport folded = new StatementReport(first.index(), first.file(), first.line(), first.sql(),
                    runs.stream().allMatch(StatementReport::inTransaction), merged, first.strongestLock(), first.strongestLockOn(),
                    runs.stream().mapToDouble(StatementReport::lockWaitMs).max().orElse(0),
                    runs.stream().mapToDouble(StatementReport::lockWindowMs).max().orElse(0),
                    runs.stream().mapToDouble(StatementReport::durationMs).max().orElse(0),
                    anyRows ? runs.stream().filter(s -> s.rowsTouched() != null).mapToLong(StatementReport::rowsTouched).sum() : null,
                    String.join("; ", runs.stream().map(StatementReport::pgsafe).distinct().toList()), first.ruleIds(), first.ruleLock(),
                    runs.stream().mapToDouble(StatementReport::trafficMaxLatencyMs).max().orElse(0),
                    runs.stream().mapToInt(StatementReport::peakQueuedSessions).max().orElse(0),
                    runs.stream().map(StatementReport::error).filter(e -> e != null).findFirst().orElse(null));
            rows.add(new Row(first.index() + "…" + runs.get(runs.size() - 1).index(), folded, runs.size(),
                    (int) runs.stream().filter(s -> !s.locks().isEmpty()).count(),
                    runs.stream().mapToDouble(StatementReport::durationMs).sum()));
        }
        return rows;
    }

    private static String traffic(Map<String, Object> t) {
        return String.format(Locale.ROOT, "%s operations, p50 %s ms, p99 %s ms, max %s ms, %s errors",
                t.get("operations"), t.get("p50Ms"), t.get("p99Ms"), t.get("maxMs"), t.get("errors"));
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
