package io.pgsafe.benchmarks;

import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.StatementSplitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The texts {@link SplitterBenchmark} splits, each at least {@link #MIN_BYTES} bytes of UTF-8. Run as a
 * program it prints their sizes, which turn the benchmark's ops/s into MB/s.
 */
public final class SplitterInput {

    /** 10 MB (10^6 bytes each). */
    static final int MIN_BYTES = 10_000_000;
    /** Where the real-migration corpus is, when not found beside the working directory. */
    static final String CORPUS_PROPERTY = "pgsafe.bench.corpus.dir";

    private static final long SEED = 20_240_917L;

    /** @param description what the text is made of, for the report */
    record Text(String sql, String description) {

        int utf8Bytes() {
            return sql.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private SplitterInput() {
    }

    static Text of(String source) {
        return switch (source) {
            case "corpus" -> corpus();
            case "generated" -> new Text(SyntheticMigrations.generate(MIN_BYTES, SEED), "generated mix");
            default -> throw new IllegalArgumentException("unknown source " + source);
        };
    }

    /**
     * Every file of the corpus, in path order, concatenated and repeated to at least 10 MB. Each file is
     * followed by a semicolon line so that a last statement without {@code ;} does not run into the next file.
     */
    static Text corpus() {
        Optional<Path> dir = corpusDirectory();
        if (dir.isEmpty()) {
            return new Text(SyntheticMigrations.generate(MIN_BYTES, SEED + 1),
                    "generated mix (FALLBACK: corpus not found; set -D" + CORPUS_PROPERTY + ")");
        }
        List<Path> files = sqlFiles(dir.get());
        StringBuilder once = new StringBuilder();
        for (Path file : files) {
            once.append(read(file)).append("\n;\n");
        }
        int onceBytes = once.toString().getBytes(StandardCharsets.UTF_8).length;
        int copies = (MIN_BYTES + onceBytes - 1) / onceBytes;
        return new Text(once.toString().repeat(copies),
                "corpus " + dir.get() + ": " + files.size() + " files, " + copies + " copies");
    }

    static Optional<Path> corpusDirectory() {
        String configured = System.getProperty(CORPUS_PROPERTY);
        if (configured != null) {
            Path path = Path.of(configured);
            return Files.isDirectory(path) ? Optional.of(path.toAbsolutePath().normalize()) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("pg-migrations-corpus");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<Path> sqlFiles(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints {@code source<TAB>bytes<TAB>statements<TAB>description} for each text. */
    public static void main(String[] args) {
        for (String source : List.of("corpus", "generated")) {
            Text text = of(source);
            int statements = StatementSplitter.split(text.sql(), SplitMode.MIGRATION_FILE).size();
            System.out.println(source + "\t" + text.utf8Bytes() + "\t" + statements + "\t" + text.description());
        }
    }
}
