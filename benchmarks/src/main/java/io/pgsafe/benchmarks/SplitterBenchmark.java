package io.pgsafe.benchmarks;

import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import java.util.List;
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
 * Splitting throughput of migration files (the CLI and the migration-tool integrations split whole files).
 * One operation splits a text of at least 10 MB, so MB/s = size × ops/s; {@link SplitterInput} prints the
 * size, and so does the setup of each fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SplitterBenchmark {

    /** corpus: the real-migration corpus repeated; generated: {@link SyntheticMigrations}. */
    @Param({"corpus", "generated"})
    public String source;

    private String sql;

    @Setup(Level.Trial)
    public void load() {
        SplitterInput.Text text = SplitterInput.of(source);
        sql = text.sql();
        System.out.println("[pgsafe-bench] " + source + ": " + text.utf8Bytes() + " bytes UTF-8, "
                + text.description());
    }

    @Benchmark
    public List<SqlStatement> splitMigrationFile() {
        return StatementSplitter.split(sql, SplitMode.MIGRATION_FILE);
    }
}
