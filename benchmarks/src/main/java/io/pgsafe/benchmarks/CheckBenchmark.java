package io.pgsafe.benchmarks;

import io.pgsafe.cli.FileChecker;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.rules.RuleCatalog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code pgsafe check} on one core: split, parse, every rule and the per-file state, over a text of at
 * least 10 MB (MB/s = size × ops/s, as for {@link SplitterBenchmark}). Output formatting is not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CheckBenchmark {

    @Param({"corpus", "generated"})
    public String source;

    private String sql;
    private FileChecker checker;

    @Setup(Level.Trial)
    public void load() {
        SplitterInput.Text text = SplitterInput.of(source);
        sql = text.sql();
        checker = new FileChecker(PgSafeConfig.defaults(), RuleCatalog.all(), PgVersion.of(15, 0),
                FileChecker.InTransaction.AUTO);
        System.out.println("[pgsafe-bench] " + source + ": " + text.utf8Bytes() + " bytes UTF-8, "
                + text.description());
    }

    @Benchmark
    public Object checkMigrationFile() {
        return checker.check("bench.sql", null, sql);
    }
}
