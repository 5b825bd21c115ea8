package io.pgsafe.benchmarks;

import io.pgsafe.core.sql.StatementClassifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What pgsafe costs every statement an application sends: the first-key-word check and the several-statements
 * check. Goal: at most 50 ns and 0 B/op ({@code -prof gc}) for ordinary SELECT, INSERT and UPDATE.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    @Param({"SELECT_BY_KEY", "INSERT", "UPDATE"})
    public String statement;

    /** Not final and read from the state, so the JIT cannot fold the checks into constants. */
    private String sql;

    @Setup
    public void pick() {
        sql = switch (statement) {
            case "SELECT_BY_KEY" -> "SELECT id, email, name, created_at FROM users WHERE id = ?";
            case "INSERT" -> "INSERT INTO users (email, name, created_at) VALUES (?, ?, ?)";
            case "UPDATE" -> "UPDATE users SET name = ?, last_seen = ? WHERE id = ?";
            default -> throw new IllegalArgumentException(statement);
        };
    }

    @Benchmark
    public void classify(Blackhole blackhole) {
        blackhole.consume(StatementClassifier.classify(sql));
        blackhole.consume(StatementClassifier.mayHoldSeveralStatements(sql));
    }
}
