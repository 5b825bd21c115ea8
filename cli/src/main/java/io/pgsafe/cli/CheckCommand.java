package io.pgsafe.cli;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgSafeConfigException;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.Severity;
import io.pgsafe.core.sql.SqlSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgsafe check PATH…}: the runtime rules applied to migration files, with no database. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check PostgreSQL migration files for statements that lock or rewrite busy tables.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage error, or a file that cannot be read or lexed"})
final class CheckCommand implements Callable<Integer> {

    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int BAD_INPUT = 2;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Migration files or directories (walked for *.sql in migration order); - reads standard input.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or github (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--pg-version", description = "Server version the migrations will run on (default: pgsafe.pg-version, else 15).")
    String pgVersion;

    @Option(names = "--fail-on", defaultValue = "error", description = "error, warning or info: the least severity that fails (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--config", description = "A pgsafe.properties file (the runtime keys apply).")
    Path config;

    @Option(names = "--rule", split = ",", description = "Check only these rule ids.")
    List<String> onlyRules = new ArrayList<>();

    @Option(names = "--exclude-rule", split = ",", description = "Skip these rule ids.")
    List<String> excludedRules = new ArrayList<>();

    @Option(names = "--in-transaction", defaultValue = "auto",
            description = "auto (from the file's tool conventions and BEGIN/COMMIT), always or never.")
    String inTransaction;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    CheckCommand(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException | PgSafeConfigException | IOException e) {
            err.println("pgsafe check: " + e.getMessage());
            return BAD_INPUT;
        }
        FileChecker checker = new FileChecker(settings.config(), settings.rules(), settings.version(),
                settings.inTransaction());
        List<CheckResult.FileResult> files = new ArrayList<>();
        boolean unreadable = false;
        for (String argument : paths) {
            try {
                for (Path file : expand(argument)) {
                    String text = file == null ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            : Files.readString(file, StandardCharsets.UTF_8);
                    String display = file == null ? "<stdin>" : file.toString();
                    try {
                        files.add(checker.check(display, file, text));
                    } catch (SqlSyntaxException e) {
                        err.printf("%s:%d:%d: error: %s%n", display, e.line(), e.column(), e.getMessage());
                        unreadable = true;
                    }
                }
            } catch (IOException e) {
                err.println("pgsafe check: cannot read " + argument + ": " + e.getMessage());
                unreadable = true;
            }
        }
        CheckResult result = new CheckResult(files);
        Reporters.write(settings.format(), result, settings.rules(), out);
        if (unreadable) {
            return BAD_INPUT;
        }
        return result.hasAtLeast(settings.failOn()) ? FINDINGS : CLEAN;
    }

    private record Settings(PgSafeConfig config, List<Rule> rules, PgVersion version, Severity failOn,
                            Reporters.Format format, FileChecker.InTransaction inTransaction) {
    }

    private Settings settings() throws IOException {
        Set<String> known = RuleCatalog.ids();
        List<ConfigSource> sources = new ArrayList<>();
        if (config != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            sources.add(ConfigSource.fromProperties(ConfigSource.configFileName(config.toString()), properties));
        }
        PgSafeConfig pgsafe = PgSafeConfig.layered(sources, known);
        for (String id : concat(onlyRules, excludedRules)) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("unknown rule id " + id + "; the known rules are "
                        + String.join(", ", known));
            }
        }
        List<Rule> rules = RuleCatalog.all().stream()
                .filter(r -> onlyRules.isEmpty() || onlyRules.contains(r.id()))
                .filter(r -> !excludedRules.contains(r.id()))
                .toList();
        PgVersion version = pgVersion != null ? parseVersion(pgVersion)
                : pgsafe.pgVersion().orElse(PgVersion.of(15, 0));
        return new Settings(pgsafe, rules, version, choice(Severity.class, "--fail-on", failOn),
                choice(Reporters.Format.class, "--format", format),
                choice(FileChecker.InTransaction.class, "--in-transaction", inTransaction));
    }

    private static PgVersion parseVersion(String text) {
        try {
            return PgVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pg-version " + text + " is not a PostgreSQL version: use e.g. 15, 14.2 or 120000");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String option, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> accepted = Stream.of(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException(option + " " + text + " is not one of " + String.join(", ", accepted));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A file, the *.sql files of a directory in migration order, or null for standard input. */
    private static List<Path> expand(String argument) throws IOException {
        if (argument.equals("-")) {
            List<Path> stdin = new ArrayList<>();
            stdin.add(null);
            return stdin;
        }
        Path path = Path.of(argument);
        if (!Files.isDirectory(path)) {
            if (!Files.isReadable(path)) {
                throw new IOException("no such file");
            }
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .filter(p -> !isDownMigration(p.getFileName().toString()))
                    .sorted(MigrationOrder.INSTANCE)
                    .toList();
        }
    }

    /** Rollback scripts are not deployed forwards: golang-migrate/diesel down files and Flyway undo scripts. */
    private static boolean isDownMigration(String name) {
        return name.endsWith(".down.sql") || name.equals("down.sql") || name.matches("^U[^_]*__.*\\.sql$");
    }
}
