package io.pgsafe.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU time the PostgreSQL backends of one pool have used, read from Linux's {@code /proc/<pid>/schedstat} (time
 * on a CPU, in nanoseconds) of each backend, whose pid the backend itself reports ({@code pg_backend_pid()}).
 *
 * <p>Why the harness wants it: on a shared machine the speed of the CPUs moves by ±10–15 % from one second to the
 * next (other guests on the host, caches, frequency), and the client's CPU per operation moves with it — the
 * product of throughput and client CPU per operation stays nearly constant while both swing. The backends do the
 * same work per operation for every variant (the same prepared statements; pgsafe sends nothing extra for them), so
 * the client's CPU over the server's CPU in the same window measures the client's work per operation in units of the
 * server's, and the machine's speed cancels out. The server's CPU per operation is reported beside it, so a variant
 * that did make the server work more (and would flatter this figure) shows.
 *
 * <p>Only meaningful when PostgreSQL runs on this machine (the loopback set-up); otherwise {@link #nanos()} is -1 and
 * the table shows n/a.
 */
final class ServerCpu {
    private static final ServerCpu UNKNOWN = new ServerCpu(List.of());

    private final List<Path> schedstats;

    private ServerCpu(List<Path> schedstats) {
        this.schedstats = schedstats;
    }

    /** The backends of {@code connections}, or an unknown reading when their {@code /proc} files cannot be read. */
    static ServerCpu of(List<Connection> connections) {
        List<Path> files = new ArrayList<>();
        for (Connection c : connections) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                Path file = Path.of("/proc", String.valueOf(rs.getInt(1)), "schedstat");
                if (!Files.isReadable(file)) {
                    return UNKNOWN;
                }
                files.add(file);
            } catch (SQLException e) {
                return UNKNOWN;
            }
        }
        return new ServerCpu(files);
    }

    /** Nanoseconds on a CPU, summed over the backends; -1 when unknown (not local, or a backend has gone). */
    long nanos() {
        if (schedstats.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (Path file : schedstats) {
            try {
                sum += onCpu(file);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return sum;
    }

    /** The first field of a {@code schedstat} file: nanoseconds the task has run on a CPU. */
    static long onCpu(Path schedstat) throws IOException {
        String text = Files.readString(schedstat);
        return Long.parseLong(text.substring(0, text.indexOf(' ')));
    }
}
