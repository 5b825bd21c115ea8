package io.pgsafe.cli;

import io.pgsafe.core.rules.Severity;
import java.util.List;

/** What {@code pgsafe check} found, file by file and statement by statement (clean ones included). */
public record CheckResult(List<FileResult> files) {

    public record FileResult(String path, List<StatementResult> statements) {
    }

    public record StatementResult(int line, int column, String text, boolean inTransaction, List<Issue> findings) {
    }

    /** One finding, as reported; {@code table} is the relation it concerns, or null. */
    public record Issue(String rule, Severity severity, String message, String fix, String table) {
    }

    boolean hasAtLeast(Severity threshold) {
        return files.stream().flatMap(f -> f.statements().stream()).flatMap(s -> s.findings().stream())
                .anyMatch(i -> i.severity().compareTo(threshold) >= 0);
    }

    long count() {
        return files.stream().flatMap(f -> f.statements().stream()).mapToLong(s -> s.findings().size()).sum();
    }
}
