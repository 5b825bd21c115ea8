package io.pgsafe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real migrations in ../shared/pg-migrations-corpus, read in place (never copied into the project).
 * The build passes its path as {@code pgsafe-test.corpus.dir}; without it, the folder is looked for beside each
 * ancestor of the working directory.
 */
public final class MigrationCorpus {

    private MigrationCorpus() {
    }

    public static Optional<Path> directory() {
        String configured = System.getProperty("pgsafe-test.corpus.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Optional.of(Path.of(configured).normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("pg-migrations-corpus");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every {@code .sql} file, sorted by path. */
    public static List<Path> files(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
