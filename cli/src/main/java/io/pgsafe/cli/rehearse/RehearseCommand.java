package io.pgsafe.cli.rehearse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgsafe rehearse PATH… --url …}: the lock window of every migration statement, measured on a rehearsal database. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Run a migration set on a rehearsal database through the pgsafe driver (pgsafe.mode=warn: every "
                + "statement runs as written) and measure, from pg_locks, the locks each statement takes, how long it "
                + "waits and how long it holds them until its transaction ends; report what pgsafe in enforce mode would "
                + "have done, the way back, and the data written.",
                "The set is files and folders (PATH…), or, with --flyway-config/--flyway-locations/--flyway-classpath, "
                        + "whatever Flyway's own migrate() runs, Java migrations included.",
                "The target must be marked as a rehearsal database (COMMENT ON DATABASE db IS 'pgsafe:rehearsal') or be "
                        + "a throw-away copy made with --copy."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every lock window within --max-lock-window on hot tables",
                "1:a lock that blocks writes held longer than --max-lock-window on a table with more than --hot-table-rows rows, or the migration failed",
                "2:usage error, unreadable file, refused or unreachable database"})
public final class RehearseCommand implements Callable<Integer> {

    public static final int PASSED = 0;
    public static final int GATE_FAILED = 1;
    public static final int USAGE = 2;
    public static final String MARKER = "pgsafe:rehearsal";

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Migration files or folders (*.sql in migration order; down/undo files are not run). Not with --flyway-….")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--flyway-config", paramLabel = "FILE", description = "Run the migrations with Flyway's own API, configured by this flyway.conf (flyway.* keys; flyway.url/user/password are not used: the rehearsal runs on --url).")
    Path flywayConfig;

    @Option(names = "--flyway-locations", split = ",", paramLabel = "LOCATION", description = "Flyway locations (filesystem:dir, classpath:package), over flyway.locations; implies Flyway's API.")
    List<String> flywayLocations = new ArrayList<>();

    @Option(names = "--flyway-classpath", split = ",", paramLabel = "DIR_OR_JAR", description = "Folders and jars holding Java migrations and classpath: locations (e.g. target/classes); implies Flyway's API.")
    List<Path> flywayClasspath = new ArrayList<>();

    @Option(names = "--url", required = true, description = "jdbc:postgresql://host:port/db of the rehearsal database (with --copy: the database to copy).")
    String url;

    @Option(names = "--user", description = "Database user.")
    String user;

    @Option(names = "--password", description = "Password (default: the PGPASSWORD environment variable).")
    String password;

    @Option(names = "--copy", description = "Rehearse on CREATE DATABASE pgsafe_rehearsal_<timestamp> TEMPLATE <db>, dropped afterwards. The source is only read; it must have no other sessions.")
    boolean copy;

    @Option(names = "--maintenance-db", defaultValue = "postgres", description = "Database to connect to for --copy's CREATE/DROP DATABASE (default: ${DEFAULT-VALUE}).")
    String maintenanceDb;

    @Option(names = "--i-know-this-is-not-production", description = "Rehearse on --url although its database is not marked as a rehearsal database.")
    boolean notProduction;

    @Option(names = "--traffic", defaultValue = "0", description = "Sessions reading and writing the touched tables during the rehearsal (default: ${DEFAULT-VALUE}).")
    int traffic;

    @Option(names = "--max-lock-window", defaultValue = "100ms", description = "Longest acceptable window of a lock that blocks writes on a hot table (default: ${DEFAULT-VALUE}).")
    String maxLockWindow;

    @Option(names = "--hot-table-rows", defaultValue = "10000", description = "Tables with more rows than this are hot (default: ${DEFAULT-VALUE}).")
    long hotTableRows;

    @Option(names = "--sample-interval", defaultValue = "2ms", description = "How often the sampler polls pg_locks (default: ${DEFAULT-VALUE}).")
    String sampleInterval;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", description = "Write the report to this file instead of standard output.")
    Path output;

    private final PrintStream out;
    private final PrintStream err;

    public RehearseCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        // The report carries every finding; the driver's own "pgsafe warned" log lines would only repeat them.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.pgsafe") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.pgsafe", "error");
        }
        // Flyway's progress lines ("Migrating schema … to version …") on stderr would bury the gate's verdict.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.flywaydb") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        }
        double windowMs;
        long intervalMs;
        String plainUrl;
        try {
            windowMs = millis("--max-lock-window", maxLockWindow);
            intervalMs = Math.max(1, Math.round(millis("--sample-interval", sampleInterval)));
            if (!format.equals("markdown") && !format.equals("json")) {
                throw new IllegalArgumentException("--format " + format + " is not one of markdown, json");
            }
            if (traffic < 0 || traffic > 64) {
                throw new IllegalArgumentException("--traffic " + traffic + " must be between 0 and 64");
            }
            plainUrl = plainUrl(url);
        } catch (IllegalArgumentException e) {
            err.println("pgsafe rehearse: " + e.getMessage());
            return USAGE;
        }
        if (password == null) {
            password = System.getenv("PGPASSWORD");
        }
        boolean flyway = flywayConfig != null || !flywayLocations.isEmpty() || !flywayClasspath.isEmpty();
        MigrationSet set = null;
        FlywayConfig flywaySettings = null;
        try {
            if (flyway && !paths.isEmpty()) {
                throw new IllegalArgumentException("give either migration files or folders (PATH…) or a Flyway configuration "
                        + "(--flyway-config, --flyway-locations, --flyway-classpath), not both: " + paths);
            }
            if (flyway) {
                flywaySettings = FlywayConfig.of(flywayConfig, flywayLocations, flywayClasspath);
            } else if (paths.isEmpty()) {
                throw new IllegalArgumentException("nothing to rehearse: give migration files or folders (PATH…), or a "
                        + "Flyway configuration (--flyway-config flyway.conf, or --flyway-locations with --flyway-classpath)");
            } else {
                set = MigrationSet.load(paths);
                if (set.files().isEmpty()) {
                    throw new IllegalArgumentException("no migration files (*.sql) in " + paths);
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("pgsafe rehearse: " + e.getMessage());
            return USAGE;
        }
        String sourceDb = databaseOf(plainUrl);
        String target = plainUrl;
        String copyName = null;
        try {
            if (copy) {
                copyName = "pgsafe_rehearsal_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS"));
                createCopy(plainUrl, sourceDb, copyName);
                target = withDatabase(plainUrl, copyName);
            } else {
                String refusal = refusal(plainUrl);
                if (refusal != null) {
                    err.println("pgsafe rehearse: " + refusal);
                    return USAGE;
                }
            }
            Rehearsal rehearsal = new Rehearsal(new Rehearsal.Settings(target, user, password,
                    sourceDb, copy, traffic, windowMs, hotTableRows, intervalMs));
            Rehearsal.Runner runner;
            try {
                runner = set != null ? new FolderRunner(set) : FlywayRunner.prepare(flywaySettings, rehearsal);
            } catch (IllegalArgumentException e) {
                err.println("pgsafe rehearse: " + e.getMessage());
                return USAGE;
            }
            RehearsalReport report = rehearsal.run(runner);
            String text = format.equals("json") ? ReportWriter.json(report) : ReportWriter.markdown(report);
            if (output != null) {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } else {
                out.print(text);
                out.flush();
            }
            if (report.failure() != null) {
                err.println("pgsafe rehearse: the migration failed: " + report.failure());
            }
            for (String v : report.gateViolations()) {
                err.println("pgsafe rehearse: lock window over the limit: " + v);
            }
            return report.gatePassed() ? PASSED : GATE_FAILED;
        } catch (SQLException e) {
            err.println("pgsafe rehearse: " + e.getMessage());
            return USAGE;
        } catch (IllegalStateException e) {
            err.println("pgsafe rehearse: " + e.getMessage()); // e.g. a traffic session could not connect
            return USAGE;
        } catch (IOException e) {
            err.println("pgsafe rehearse: cannot write " + output + ": " + e.getMessage());
            return USAGE;
        } finally {
            if (copyName != null) {
                dropCopy(plainUrl, copyName);
            }
        }
    }

    /** Null when the database is marked as a rehearsal target (or the flag says go ahead), else why not. */
    private String refusal(String plainUrl) throws SQLException {
        if (notProduction) {
            return null;
        }
        try (Connection c = connect(plainUrl);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_database(), shobj_description(oid, 'pg_database') from pg_database where datname = current_database()")) {
            rs.next();
            String db = rs.getString(1);
            String comment = rs.getString(2);
            if (comment != null && comment.contains(MARKER)) {
                return null;
            }
            return "refusing to rehearse on database " + db + ": it is not marked as a rehearsal database, and a rehearsal "
                    + "runs the migration for real. Mark it with COMMENT ON DATABASE " + quote(db) + " IS '" + MARKER
                    + " <why>', or rehearse on a throw-away copy with --copy, or pass --i-know-this-is-not-production.";
        }
    }

    private void createCopy(String plainUrl, String source, String copyName) throws SQLException {
        try (Connection admin = connect(withDatabase(plainUrl, maintenanceDb)); Statement s = admin.createStatement()) {
            try {
                s.execute("CREATE DATABASE " + quote(copyName) + " TEMPLATE " + quote(source));
            } catch (SQLException e) {
                if ("55006".equals(e.getSQLState())) {
                    int sessions = -1;
                    try (PreparedStatement q = admin.prepareStatement("select count(*) from pg_stat_activity where datname = ?")) {
                        q.setString(1, source);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            sessions = rs.getInt(1);
                        }
                    } catch (SQLException ignored) {
                        // the count is only for the message
                    }
                    throw new SQLException("--copy cannot copy " + source + ": CREATE DATABASE … TEMPLATE " + source
                            + " needs no other sessions on it, and " + (sessions >= 0 ? sessions + " are" : "some are")
                            + " connected (" + e.getMessage() + "). Copy it when it is idle (e.g. from a restored "
                            + "backup or a replica promoted for the purpose), or rehearse on a database marked with "
                            + "COMMENT ON DATABASE … IS '" + MARKER + "'.", e.getSQLState(), e);
                }
                throw new SQLException("--copy could not create " + copyName + " from " + source + ": " + e.getMessage()
                        + ("42501".equals(e.getSQLState()) ? " (the user needs CREATEDB)" : ""), e.getSQLState(), e);
            }
            s.execute("COMMENT ON DATABASE " + quote(copyName) + " IS '" + MARKER + " throw-away copy of "
                    + source.replace("'", "''") + " made by pgsafe rehearse --copy'");
        }
    }

    private void dropCopy(String plainUrl, String copyName) {
        try (Connection admin = connect(withDatabase(plainUrl, maintenanceDb)); Statement s = admin.createStatement()) {
            int version = admin.getMetaData().getDatabaseMajorVersion();
            if (version < 13) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + copyName + "'");
            }
            s.execute("DROP DATABASE IF EXISTS " + quote(copyName) + (version >= 13 ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            err.println("pgsafe rehearse: could not drop the rehearsal copy " + copyName + ": " + e.getMessage()
                    + " — drop it by hand: DROP DATABASE " + quote(copyName));
        }
    }

    private Connection connect(String plainUrl) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "pgsafe-rehearse");
        Connection c = new org.postgresql.Driver().connect(plainUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + plainUrl);
        }
        return c;
    }

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");

    static String plainUrl(String url) {
        String plain = url.startsWith("jdbc:pgsafe:postgresql:") ? "jdbc:" + url.substring("jdbc:pgsafe:".length()) : url;
        if (!URL.matcher(plain).matches()) {
            throw new IllegalArgumentException("--url " + url + " is not a jdbc:postgresql://host[:port]/database URL");
        }
        return plain;
    }

    static String databaseOf(String plainUrl) {
        Matcher m = URL.matcher(plainUrl);
        m.matches();
        String db = m.group(2);
        return db == null || db.isEmpty() ? "postgres" : java.net.URLDecoder.decode(db, StandardCharsets.UTF_8);
    }

    static String withDatabase(String plainUrl, String database) {
        Matcher m = URL.matcher(plainUrl);
        m.matches();
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static double millis(String option, String text) {
        Matcher m = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|min)?\\s*$").matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " " + text + " is not a duration: use e.g. 100ms, 1s, 2min");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> value * 1000;
            case "min" -> value * 60_000;
            default -> value;
        };
    }
}
