package io.pgsafe.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's CPU time, all threads (workers, GC, JIT, the layers' own), in nanoseconds.
 *
 * <p>On Linux the sum of {@code /proc/self/task/<tid>/schedstat} (time on a CPU, nanoseconds) over the live threads:
 * {@code OperatingSystemMXBean.getProcessCpuTime()} reads {@code times()}, whose 10 ms ticks are 1.3 % of a 1.5 s
 * run's client CPU — as large as the effect to be measured. A thread that ends inside the window takes its time with
 * it; the threads here (workers, pool, GC, compiler) live across a run. Elsewhere, the MXBean's figure.
 */
final class ClientCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final boolean SCHEDSTAT = schedstatWorks();

    private ClientCpu() {
    }

    static long nanos() {
        if (SCHEDSTAT) {
            long sum = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    sum += ServerCpu.onCpu(task.resolve("schedstat"));
                }
                return sum;
            } catch (IOException | RuntimeException e) {
                // fall back below
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Kernels built without sched_info print zeros there. */
    private static boolean schedstatWorks() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                if (ServerCpu.onCpu(task.resolve("schedstat")) > 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
