package io.pgsafe.jdbc.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/** Meters through Micrometer; loaded only when micrometer-core is on the classpath. Tags never hold SQL text. */
final class MicrometerMeters implements Meters {
    private final MeterRegistry registry;

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    static Meters create(Object handed) {
        return new MicrometerMeters(handed instanceof MeterRegistry r ? r : Metrics.globalRegistry);
    }

    @Override
    public void statement(String action, List<String> ruleIds) {
        if (ruleIds.isEmpty()) {
            counter(action, "none");
        }
        for (String rule : ruleIds) {
            counter(action, rule);
        }
    }

    private void counter(String action, String rule) {
        Counter.builder("pgsafe.statements").description("DDL statements pgsafe guarded, rewrote, blocked or warned on")
                .tag("action", action).tag("rule", rule).register(registry).increment();
    }

    @Override
    public void lockWait(long millis) {
        Timer.builder("pgsafe.lock.wait").description("How long guarded DDL waited for its table lock")
                .register(registry).record(Duration.ofMillis(millis));
    }

    @Override
    public void queued(int sessions) {
        DistributionSummary.builder("pgsafe.lock.queued.sessions")
                .description("Peak sessions queued behind a guarded DDL statement").register(registry).record(sessions);
    }

    @Override
    public void retry(String action) {
        Counter.builder("pgsafe.retries").description("Retries after lock_timeout (55P03)").tag("action", action)
                .register(registry).increment();
    }

    @Override
    public void held(long millis, String table, boolean tooLong) {
        Timer.builder("pgsafe.lock.held").description("Time a SHARE-or-stronger lock taken by DDL stayed held until "
                + "the transaction ended").tag("table", table).register(registry).record(Duration.ofMillis(millis));
        if (tooLong) {
            Counter.builder("pgsafe.lock.held_too_long").description("Locks held longer than pgsafe.max-lock-hold")
                    .tag("table", table).register(registry).increment();
        }
    }
}
