package io.pgsafe.sample;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Request latencies of one window, in microseconds: a lock-free append-only buffer (the demo's windows are short). */
final class Latencies {
    private final long[] micros = new long[1 << 20];
    private final AtomicLong size = new AtomicLong();
    private final LongAdder errors = new LongAdder();

    void record(long nanos) {
        long index = size.getAndIncrement();
        if (index < micros.length) {
            micros[(int) index] = nanos / 1000;
        }
    }

    void error() {
        errors.increment();
    }

    long errors() {
        return errors.sum();
    }

    int count() {
        return (int) Math.min(size.get(), micros.length);
    }

    /** @param q 0..1 */
    double quantileMillis(double q) {
        long[] sorted = Arrays.copyOf(micros, count());
        if (sorted.length == 0) {
            return 0;
        }
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    String summary() {
        return String.format("%5d requests  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d", count(),
                quantileMillis(0.50), quantileMillis(0.99), quantileMillis(1.0), errors());
    }
}
