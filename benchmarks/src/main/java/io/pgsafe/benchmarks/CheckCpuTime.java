package io.pgsafe.benchmarks;

import io.pgsafe.cli.FileChecker;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.rules.RuleCatalog;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * {@link CheckBenchmark}'s work measured in the checking thread's CPU time rather than wall-clock time, for a
 * machine that other processes keep busy: time the thread waits for a core does not count. GC work done on
 * other threads does not count either, so the allocation is printed beside it. Run as a program:
 * {@code java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.pgsafe.benchmarks.CheckCpuTime corpus|generated [rounds]}
 * from the repository (the corpus is found as for {@link SplitterInput}, or with
 * {@code -Dpgsafe.bench.corpus.dir=…}).
 */
public final class CheckCpuTime {

    private CheckCpuTime() {
    }

    public static void main(String[] args) {
        // One input per JVM, as JMH forks per @Param: code compiled for one text's profile (the corpus is UTF-16,
        // the generated text Latin-1) runs the other slower.
        String source = args.length > 0 ? args[0] : "corpus";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        SplitterInput.Text text = SplitterInput.of(source);
        System.out.println("[pgsafe-bench] " + source + ": " + text.description());
        double megabytes = text.utf8Bytes() / 1e6;
        FileChecker checker = new FileChecker(PgSafeConfig.defaults(), RuleCatalog.all(), PgVersion.of(15, 0),
                FileChecker.InTransaction.AUTO);
        int warmUp = rounds / 3;
        double[] seconds = new double[rounds - warmUp];
        long allocated = 0;
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long bytes = threads.getThreadAllocatedBytes(thread);
            if (checker.check("bench.sql", null, text.sql()).statements().isEmpty()) {
                throw new IllegalStateException("nothing checked");
            }
            if (r >= warmUp) {
                seconds[r - warmUp] = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
                allocated = threads.getThreadAllocatedBytes(thread) - bytes;
            }
        }
        Arrays.sort(seconds);
        System.out.printf("%-10s %6.2f MB  CPU-time MB/s: median %5.1f, best %5.1f  (%d rounds after %d warm-up)"
                        + "  allocated %.0f MB/op = %.1f B per input byte%n", source, megabytes,
                megabytes / seconds[seconds.length / 2], megabytes / seconds[0], seconds.length, warmUp,
                allocated / 1e6, allocated / (megabytes * 1e6));
    }
}
