package io.pgsafe.cli.rehearse;

import io.pgsafe.cli.MigrationOrder;
import io.pgsafe.cli.TransactionConventions;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A migration set read from files and folders: the "up" statements in the order and the transactions the tool
 * would run them in (reusing {@link MigrationOrder} and {@link TransactionConventions}), and what each file has
 * for going back (undo script, rollback lines, down file or section).
 */
public record MigrationSet(List<MigrationFile> files) {

    /** One statement to run. {@code transactionGroup} is null for autocommit, else a key shared by the statements of one transaction. */
    public record Step(String file, int line, SqlStatement statement, ParsedStatement parsed, String transactionGroup) {
        public String sql() {
            return statement.text();
        }
    }

    /** The file, the tool its name or markers point to, its up statements, and its way back. */
    public record MigrationFile(Path path, String tool, List<Step> steps, Rollback rollback) {
    }

    /** {@code found} with where, or missing with what to do. */
    public record Rollback(boolean found, String kind, String detail) {
    }

    private static final Pattern FLYWAY_VERSIONED = Pattern.compile("^V([^_]+)__.*\\.sql$");
    private static final Pattern GOOSE_DOWN = Pattern.compile("(?im)^--\\s*\\+goose\\s+Down\\b.*$");
    private static final Pattern DBMATE_DOWN = Pattern.compile("(?im)^--\\s*migrate:down\\b.*$");
    private static final Pattern LIQUIBASE_CHANGESET = Pattern.compile("(?im)^--\\s*changeset\\s+(\\S+).*$");
    private static final Pattern LIQUIBASE_ROLLBACK = Pattern.compile("(?im)^--\\s*rollback\\s+(.+)$");

    public static MigrationSet load(List<Path> arguments) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                try (Stream<Path> walk = Files.walk(argument)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(".sql"))
                            .filter(p -> !isDownMigration(p.getFileName().toString()))
                            .sorted(MigrationOrder.INSTANCE)
                            .forEach(paths::add);
                }
            } else if (Files.isReadable(argument)) {
                paths.add(argument);
            } else {
                throw new IOException("cannot read " + argument + ": no such file or directory");
            }
        }
        List<MigrationFile> files = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            files.add(read(paths.get(i), i));
        }
        return new MigrationSet(files);
    }

    static boolean isDownMigration(String name) {
        return name.endsWith(".down.sql") || name.equals("down.sql") || name.matches("^U[^_]*__.*\\.sql$");
    }

    private static MigrationFile read(Path path, int fileIndex) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        List<SqlStatement> statements = StatementSplitter.split(text, SplitMode.MIGRATION_FILE);
        List<ParsedStatement> parsed = statements.stream().map(MigrationSet::parse).toList();
        boolean concurrently = parsed.stream().anyMatch(p -> !StatementLocks.canRunInTransaction(p));
        TransactionConventions conventions = TransactionConventions.of(path, text, concurrently);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = statements.get(i);
            if (!conventions.checked(statement)) {
                continue; // the down part of a goose or dbmate file
            }
            String group = conventions.inTransaction(statement)
                    ? fileIndex + ":" + conventions.regionIndex(statement) : null;
            steps.add(new Step(path.getFileName().toString(), statement.line(), statement, parsed.get(i), group));
        }
        String tool = conventions.tool().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new MigrationFile(path, tool, steps, rollbackOf(path, text, conventions.tool()));
    }

    static ParsedStatement parse(SqlStatement statement) {
        try {
            return DdlParser.parse(statement.text());
        } catch (RuntimeException e) {
            return new ParsedStatement.Other(statement.text(), "");
        }
    }

    private static Rollback rollbackOf(Path path, String text, TransactionConventions.Tool tool) throws IOException {
        String name = path.getFileName().toString();
        switch (tool) {
            case FLYWAY -> {
                Matcher versioned = FLYWAY_VERSIONED.matcher(name);
                if (!versioned.matches()) {
                    return new Rollback(true, "repeatable", "repeatable migration: re-runs on change; revert the file");
                }
                String prefix = "U" + versioned.group(1) + "__";
                try (Stream<Path> siblings = Files.list(path.getParent())) {
                    return siblings.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".sql")).findFirst()
                            .map(n -> new Rollback(true, "flyway undo", n))
                            .orElse(new Rollback(false, "flyway undo",
                                    "no " + prefix + "….sql undo script: write the recovery steps (or a forward fix) before merging"));
                }
            }
            case LIQUIBASE -> {
                List<String> missing = new ArrayList<>();
                List<String> found = new ArrayList<>();
                Matcher changeset = LIQUIBASE_CHANGESET.matcher(text);
                List<int[]> bounds = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                while (changeset.find()) {
                    bounds.add(new int[] {changeset.start(), 0});
                    ids.add(changeset.group(1));
                }
                for (int i = 0; i < bounds.size(); i++) {
                    int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : text.length();
                    Matcher rollback = LIQUIBASE_ROLLBACK.matcher(text.substring(bounds.get(i)[0], end));
                    if (rollback.find()) {
                        found.add(ids.get(i) + ": " + rollback.group(1).trim());
                    } else {
                        missing.add(ids.get(i));
                    }
                }
                if (!missing.isEmpty()) {
                    return new Rollback(false, "liquibase --rollback", "changesets without --rollback: " + String.join(", ", missing));
                }
                return new Rollback(true, "liquibase --rollback", String.join("; ", found));
            }
            case GOLANG_MIGRATE -> {
                String down = name.equals("up.sql") ? "down.sql" : name.substring(0, name.length() - ".up.sql".length()) + ".down.sql";
                return Files.isRegularFile(path.resolveSibling(down))
                        ? new Rollback(true, "down file", down)
                        : new Rollback(false, "down file", "no " + down + " beside it");
            }
            case GOOSE -> {
                return section(text, GOOSE_DOWN, "goose Down section");
            }
            case DBMATE -> {
                return section(text, DBMATE_DOWN, "dbmate migrate:down section");
            }
            default -> {
                return new Rollback(false, "none", "plain SQL file: no down migration convention; write the recovery path by hand");
            }
        }
    }

    private static Rollback section(String text, Pattern marker, String kind) {
        Matcher down = marker.matcher(text);
        if (!down.find()) {
            return new Rollback(false, kind, "no " + kind);
        }
        List<SqlStatement> statements = StatementSplitter.split(text.substring(down.end()), SplitMode.MIGRATION_FILE);
        if (statements.isEmpty()) {
            return new Rollback(false, kind, kind + " is empty");
        }
        return new Rollback(true, kind, statements.size() + " statement(s): "
                + statements.stream().map(s -> oneLine(s.text())).reduce((a, b) -> a + "; " + b).orElse(""));
    }

    private static final Pattern ADD_CONSTRAINT = Pattern.compile("(?is)^alter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?(\\S+)\\s+add\\s+constraint\\s+(\\S+)");
    private static final Pattern ADD_COLUMN = Pattern.compile("(?is)^alter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?(\\S+)\\s+add\\s+(?:column\\s+)?(?:if\\s+not\\s+exists\\s+)?(?!constraint\\b|primary\\b|unique\\b|foreign\\b|check\\b|exclude\\b)(\\S+)");
    private static final Pattern CREATE_INDEX = Pattern.compile("(?is)^create\\s+(?:unique\\s+)?index\\s+(concurrently\\s+)?(?:if\\s+not\\s+exists\\s+)?(\\S+)\\s+on\\b");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\S+)");
    private static final Pattern VALIDATE = Pattern.compile("(?is)^alter\\s+table\\s+.*\\bvalidate\\s+constraint\\b");

    /**
     * The recovery path of a file: whether a failure rolls it back on its own, what a statement that runs outside
     * a transaction leaves behind when it fails, and the inverse of the statements whose inverse is known.
     */
    public static String recovery(MigrationFile file) {
        List<String> parts = new ArrayList<>();
        boolean atomic = file.steps().stream().allMatch(s -> s.transactionGroup() != null);
        if (!file.steps().isEmpty()) {
            parts.add(atomic ? "a failure rolls the file back (one transaction per " + ("liquibase".equals(file.tool()) ? "changeset" : "file") + ")"
                    : file.steps().size() == 1 ? "runs outside a transaction"
                    : "runs (partly) outside a transaction: a failure leaves the statements before it applied");
        }
        List<String> inverse = new ArrayList<>();
        for (Step step : file.steps()) {
            String sql = step.sql().strip();
            Matcher m;
            if ((m = CREATE_INDEX.matcher(sql)).find()) {
                if (m.group(1) != null) {
                    parts.add("if " + m.group(2) + " fails or is cancelled it stays INVALID: DROP INDEX CONCURRENTLY IF EXISTS "
                            + m.group(2) + ", then re-run");
                }
                inverse.add("DROP INDEX CONCURRENTLY IF EXISTS " + m.group(2));
            } else if ((m = ADD_CONSTRAINT.matcher(sql)).find()) {
                inverse.add("ALTER TABLE " + m.group(1) + " DROP CONSTRAINT IF EXISTS " + m.group(2));
            } else if ((m = ADD_COLUMN.matcher(sql)).find()) {
                inverse.add("ALTER TABLE " + m.group(1) + " DROP COLUMN IF EXISTS " + m.group(2));
            } else if ((m = CREATE_TABLE.matcher(sql)).find()) {
                inverse.add("DROP TABLE IF EXISTS " + m.group(1));
            } else if (VALIDATE.matcher(sql).find()) {
                inverse.add("nothing to undo for VALIDATE (it only checks)");
            } else if (sql.regionMatches(true, 0, "update", 0, 6) || sql.regionMatches(true, 0, "delete", 0, 6)
                    || sql.regionMatches(true, 0, "insert", 0, 6)) {
                inverse.add("data written by `" + oneLine(sql) + "` cannot be undone from the file: keep a copy of the rows first");
            } else if (!(step.parsed() instanceof ParsedStatement.TransactionControl)) {
                inverse.add("no known inverse for `" + oneLine(sql) + "`");
            }
        }
        if (!file.rollback().found() && !inverse.isEmpty()) {
            parts.add("inverse: " + String.join("; ", inverse));
        }
        return String.join(". ", parts);
    }

    /** {@code file:line}, or the migration alone for a statement with no line (a Java migration's JDBC call). */
    static String where(String file, int line) {
        return line > 0 ? file + ":" + line : file;
    }

    static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").trim();
        return line.length() > 120 ? line.substring(0, 117) + "…" : line;
    }
}
