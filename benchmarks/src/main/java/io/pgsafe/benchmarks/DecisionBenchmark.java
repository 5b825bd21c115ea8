package io.pgsafe.benchmarks;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of deciding a DDL statement (classify, parse, run the rules) with the default configuration on
 * PostgreSQL 17.2, in autocommit. Splitting is done once in the setup; it is measured by
 * {@link SplitterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    @Param({"ADD_COLUMN", "CREATE_INDEX"})
    public String statement;

    private Guard guard;
    private SessionFacts facts;
    private SqlStatement sql;

    @Setup
    public void prepare() {
        String text = switch (statement) {
            case "ADD_COLUMN" -> "ALTER TABLE users ADD COLUMN last_seen timestamptz";
            case "CREATE_INDEX" -> "CREATE INDEX users_email_idx ON users (email)";
            default -> throw new IllegalArgumentException(statement);
        };
        sql = StatementSplitter.split(text, SplitMode.JDBC).get(0);
        guard = new Guard(PgSafeConfig.defaults());
        facts = SessionFacts.of(PgVersion.of(17, 2), false);
        System.out.println("[pgsafe-bench] " + statement + " -> " + guard.decide(sql, facts));
    }

    @Benchmark
    public Decision decide() {
        return guard.decide(sql, facts);
    }
}
