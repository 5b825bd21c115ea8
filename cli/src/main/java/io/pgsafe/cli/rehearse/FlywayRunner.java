package io.pgsafe.cli.rehearse;

import io.pgsafe.cli.rehearse.RehearsalReport.FileRollback;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Runs the project's migrations with Flyway's own API ({@code Flyway.migrate()}), with a DataSource whose
 * connections are pgsafe connections to the rehearsal database wrapped in a {@link RecordingConnection}. Flyway
 * decides the order, the transactions (per migration, {@code executeInTransaction}, Java migrations'
 * {@code canExecuteInTransaction}), placeholders and callbacks; a callback tells which migration runs, so every
 * statement, SQL or JDBC from a Java migration, is attributed to its migration and measured like the file runner's.
 * Flyway's own statements (schema history, its lock) are not measured.
 */
final class FlywayRunner implements Rehearsal.Runner, RecordingConnection.Attribution {

    /** A pending migration: its label in the report and, for a SQL migration found on disk, its statements. */
    private static final class Pending {
        final MigrationInfo info;
        final String label;
        final MigrationSet.MigrationFile file;
        final List<MigrationSet.Step> ran = new ArrayList<>();
        int cursor;

        Pending(MigrationInfo info, String label, MigrationSet.MigrationFile file) {
            this.info = info;
            this.label = label;
            this.file = file;
        }

        boolean java() {
            return "JDBC".equals(info.getType().name());
        }
    }

    private final FlywayConfig config;
    private final Flyway flyway;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private volatile StatementRecorder recorder;
    private volatile Pending current;
    private volatile String failure;

    private FlywayRunner(FlywayConfig config, Rehearsal rehearsal) {
        this.config = config;
        ClassLoader loader = config.classLoader();
        FluentConfiguration configuration = Flyway.configure(loader).configuration(config.properties());
        Callback[] theirs = configuration.getCallbacks();
        Callback[] callbacks = new Callback[theirs.length + 1];
        callbacks[0] = new CurrentMigration();
        System.arraycopy(theirs, 0, callbacks, 1, theirs.length);
        this.flyway = configuration.dataSource(dataSource(rehearsal)).callbacks(callbacks).load();
    }

    /**
     * Configures Flyway on the rehearsal database and reads what it would migrate.
     *
     * @throws IllegalArgumentException when Flyway has nothing to migrate there, or rejects the configuration
     */
    static FlywayRunner prepare(FlywayConfig config, Rehearsal rehearsal) throws IOException {
        FlywayRunner runner;
        MigrationInfo[] infos;
        try {
            runner = new FlywayRunner(config, rehearsal);
            infos = runner.flyway.info().pending();
        } catch (FlywayException e) {
            throw new IllegalArgumentException("Flyway: " + e.getMessage(), e);
        }
        if (infos.length == 0) {
            throw new IllegalArgumentException("Flyway has no pending migration in " + String.join(",",
                    Stream.of(runner.flyway.getConfiguration().getLocations()).map(Object::toString).toList())
                    + (config.classpath().isEmpty() ? "" : " (class path " + config.classpath() + ")")
                    + " on the rehearsal database: check --flyway-locations (filesystem:dir or classpath:package) and "
                    + "--flyway-classpath, or whether the rehearsal database already has them applied");
        }
        for (MigrationInfo info : infos) {
            runner.pending.put(info.getScript(), runner.pendingOf(info));
        }
        return runner;
    }

    private Pending pendingOf(MigrationInfo info) throws IOException {
        String script = info.getScript();
        if ("JDBC".equals(info.getType().name())) {
            return new Pending(info, script.substring(script.lastIndexOf('.') + 1), null);
        }
        Path file = onDisk(info.getPhysicalLocation());
        String label = script.substring(script.lastIndexOf('/') + 1);
        if (file == null || !file.getFileName().toString().endsWith(".sql")) {
            return new Pending(info, label, null);
        }
        return new Pending(info, label, MigrationSet.load(List.of(file)).files().get(0));
    }

    private static Path onDisk(String location) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        Path path = Path.of(location);
        return Files.isRegularFile(path) ? path : null;
    }

    @Override
    public List<MigrationSet.Step> knownSteps() {
        return pending.values().stream().filter(p -> p.file != null).flatMap(p -> p.file.steps().stream()).toList();
    }

    @Override
    public String run(Rehearsal rehearsal, StatementRecorder recorder) {
        this.recorder = recorder;
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            return failure != null ? failure : "Flyway: " + e.getMessage().strip();
        }
        return failure;
    }

    @Override
    public StatementRecorder recorder() {
        return recorder;
    }

    @Override
    public void failed(String failure) {
        if (this.failure == null) {
            this.failure = failure;
        }
    }

    @Override
    public MigrationSet.Step stepFor(String sql, boolean inTransaction) {
        Pending migration = current;
        if (migration == null || recorder == null || !issuedByMigration()) {
            return null;
        }
        String group = inTransaction ? migration.label : null;
        String normalized = normalize(sql);
        MigrationSet.Step step = null;
        if (migration.file != null) {
            List<MigrationSet.Step> expected = migration.file.steps();
            for (int i = migration.cursor; i < expected.size(); i++) {
                if (normalize(expected.get(i).sql()).equals(normalized)) {
                    MigrationSet.Step e = expected.get(i);
                    step = new MigrationSet.Step(migration.label, e.line(), e.statement(), e.parsed(), group);
                    migration.cursor = i + 1;
                    break;
                }
            }
        }
        if (step == null) {
            // A Java migration's JDBC call, or SQL the file does not hold as written (placeholders): no line.
            List<SqlStatement> split = StatementSplitter.split(sql, SplitMode.JDBC);
            SqlStatement statement = split.size() == 1 ? split.get(0)
                    : new SqlStatement(sql.strip(), 0, sql.length(), 1, 1, List.of(), 0);
            step = new MigrationSet.Step(migration.label, 0, statement, MigrationSet.parse(statement), group);
        }
        migration.ran.add(step);
        return step;
    }

    /**
     * Whether the JDBC call comes from the migration, a SQL script's statement or a Java migration's own code, rather
     * than from Flyway itself: between BEFORE_EACH_MIGRATE and the migration Flyway probes the database type on the
     * same connection (the CockroachDB type sends {@code SELECT version()}), and that is not the migration's.
     */
    static boolean issuedByMigration() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.")
                        || c.startsWith("io.pgsafe.cli.rehearse.") || c.startsWith("org.flywaydb.core.internal.jdbc.")))
                .findFirst()
                .map(c -> !c.startsWith("org.flywaydb.") || c.startsWith("org.flywaydb.core.internal.sqlscript."))
                .orElse(false));
    }

    /** Comments and whitespace out, case folded, no trailing semicolon: Flyway's statement text vs the file's. */
    static String normalize(String sql) {
        String text = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", " ");
        text = text.replaceAll("\\s+", " ").strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<FileRollback> rollback() {
        List<FileRollback> rollback = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.file != null) {
                MigrationSet.MigrationFile f = p.file;
                rollback.add(new FileRollback(p.label, "flyway", f.rollback().found(), f.rollback().kind(),
                        f.rollback().detail(), MigrationSet.recovery(f)));
                continue;
            }
            MigrationSet.Rollback undo = undo(p);
            // What it ran is what it is known by: its statements that change something, once each.
            Set<String> seen = new LinkedHashSet<>();
            List<MigrationSet.Step> changes = p.ran.stream()
                    .filter(s -> !s.sql().stripLeading().toLowerCase(Locale.ROOT).startsWith("select"))
                    .filter(s -> seen.add(normalize(s.sql()))).toList();
            String recovery = p.ran.isEmpty() ? "not run"
                    : MigrationSet.recovery(new MigrationSet.MigrationFile(Path.of(p.label), "flyway", changes, undo));
            rollback.add(new FileRollback(p.label, p.java() ? "flyway (Java)" : "flyway", undo.found(), undo.kind(),
                    undo.detail(), recovery));
        }
        return rollback;
    }

    /** A Java migration's undo: a U&lt;version&gt;__ class or script beside its class file. */
    private MigrationSet.Rollback undo(Pending p) {
        if (p.info.getVersion() == null) {
            return new MigrationSet.Rollback(true, "repeatable", "repeatable migration: re-runs on change; revert it");
        }
        String prefix = "U" + p.info.getVersion().getVersion() + "__";
        String missing = "no " + prefix + "… undo migration: write the recovery steps (or a forward fix) before merging";
        Path folder = null;
        if (p.java()) {
            URL url = flyway.getConfiguration().getClassLoader().getResource(p.info.getScript().replace('.', '/') + ".class");
            if (url != null && "file".equals(url.getProtocol())) {
                try {
                    folder = Path.of(url.toURI()).getParent();
                } catch (URISyntaxException ignored) {
                    // not a file on disk: said below
                }
            }
        }
        if (folder == null) {
            return new MigrationSet.Rollback(false, "flyway undo", "not checked: " + p.info.getScript()
                    + " is not a file on disk (inside a jar?); " + missing.substring(0, 1).toLowerCase(Locale.ROOT) + missing.substring(1));
        }
        try (Stream<Path> siblings = Files.list(folder)) {
            return siblings.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && (n.endsWith(".class") || n.endsWith(".sql"))).sorted().findFirst()
                    .map(n -> new MigrationSet.Rollback(true, "flyway undo", n))
                    .orElse(new MigrationSet.Rollback(false, "flyway undo", missing));
        } catch (IOException e) {
            return new MigrationSet.Rollback(false, "flyway undo", "not checked: " + e.getMessage());
        }
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("Run by Flyway " + org.flywaydb.core.internal.license.VersionPrinter.getVersion() + " (Flyway.migrate()) through "
                + "jdbc:pgsafe:postgresql, locations " + String.join(",", Stream.of(flyway.getConfiguration().getLocations())
                .map(Object::toString).toList()) + "; Flyway's own statements (schema history, its lock) are not listed.");
        notes.addAll(config.notes());
        if (pending.values().stream().anyMatch(Pending::java)) {
            notes.add("Java migrations' statements are known only as they run: the traffic works on the tables the SQL "
                    + "migrations name, and their statements show without a line number.");
        }
        return notes;
    }

    /** Sets the migration Flyway is running, for {@link #stepFor}. */
    private final class CurrentMigration implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                    || event == Event.AFTER_EACH_MIGRATE_ERROR;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                MigrationInfo info = context.getMigrationInfo();
                current = info == null ? null : pending.get(info.getScript());
            } else {
                current = null;
            }
        }

        @Override
        public String getCallbackName() {
            return "pgsafe-rehearse";
        }
    }

    /** Flyway's connections: pgsafe connections to the rehearsal database, recorded. Flyway only asks for connections. */
    private DataSource dataSource(Rehearsal rehearsal) {
        return (DataSource) Proxy.newProxyInstance(FlywayRunner.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getConnection" -> RecordingConnection.wrap(rehearsal.migrationConnection(), this);
                    case "isWrapperFor" -> false;
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> "pgsafe rehearsal DataSource";
                    default -> throw new SQLFeatureNotSupportedException("DataSource." + method.getName() + " in a rehearsal");
                });
    }
}
