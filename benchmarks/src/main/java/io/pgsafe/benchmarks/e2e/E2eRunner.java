package io.pgsafe.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import io.pgsafe.benchmarks.e2e.E2eTable.Cell;
import io.pgsafe.benchmarks.e2e.E2eTable.Run;

/**
 * Orchestrates the end-to-end comparison: prepares the schema, starts one {@link Workload} child JVM per variant,
 * warms each up, then runs rounds. In round {@code r} every variant runs once per thread count, in an order rotated by
 * {@code r}, and raw pgjdbc runs between every two of them (raw A raw B raw C raw; next round raw B raw C raw A raw).
 * Each variant's figure is divided by the mean of the two raw figures around it, so slow drifts of a shared machine
 * cancel; the table shows the median of those per-round ratios with their min and max. Only one child works at a
 * time; the others wait on stdin (no pool, no connections).
 *
 * <p>Started only by {@code benchmarks/run-e2e.sh}; nothing in the build runs it.
 */
public final class E2eRunner {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("url", "jdbc:postgresql://127.0.0.1:5432/pgsafe_bench");
        o.put("user", "postgres");
        o.put("password", "postgres");
        o.put("variants", "raw,pgsafe,pgsafe-otel,agent,p6spy,dsproxy,otel-jdbc,otel-agent");
        o.put("threads", "8");
        o.put("side-threads", "1,32");
        o.put("side-variants", "raw,pgsafe");
        o.put("rounds", "5");
        o.put("measure-ms", "1500");
        o.put("warmup-ms", "500");
        o.put("jvm-warmup-ms", "20000");
        o.put("jvm-warmup-threads", "8");
        o.put("warmup-rounds", "1");
        o.put("jvm-opts", "-Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        o.put("pgsafe-agent", "agent/target/pgsafe-agent.jar");
        o.put("otel-agent", "benchmarks/target/e2e/opentelemetry-javaagent.jar");
        o.put("out", "benchmarks/target/results/e2e");
        o.put("setup-only", "false");
        o.put("table-from", "");
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
            }
            o.put(key, args[++i]);
        }
        new E2eRunner(o).run();
    }

    private final Map<String, String> o;
    private final Path out;

    private E2eRunner(Map<String, String> o) {
        this.o = o;
        this.out = Path.of(o.get("out"));
    }

    private void run() throws Exception {
        if (!o.get("table-from").isBlank()) {
            List<Path> files = Arrays.stream(o.get("table-from").split(",")).map(String::trim).map(Path::of).toList();
            List<Run> runs = E2eTable.read(files);
            System.out.print(new E2eTable(runs, E2eTable.groupsOf(runs)).render("runs from " + files,
                    Double.parseDouble(o.get("measure-ms")) / 1000));
            return;
        }
        Files.createDirectories(out);
        String pgVersion = setUpDatabase();
        if (Boolean.parseBoolean(o.get("setup-only"))) {
            return;
        }
        List<Variant> main = variants(o.get("variants"));
        List<Variant> side = variants(o.get("side-variants"));
        List<Integer> mainThreads = ints(o.get("threads"));
        List<Integer> sideThreads = o.get("side-threads").isBlank() ? List.of() : ints(o.get("side-threads"));
        List<Variant> all = new ArrayList<>(main);
        side.stream().filter(v -> !all.contains(v)).forEach(all::add);
        if (!all.contains(Variant.RAW)) {
            throw new IllegalArgumentException("raw must be among the variants: every ratio is to raw pgjdbc");
        }
        // Groups of cells measured together; ratios are taken within a group (same threads, same round).
        List<List<Cell>> groups = new ArrayList<>();
        for (int t : mainThreads) {
            groups.add(main.stream().map(v -> new Cell(t, v)).toList());
        }
        for (int t : sideThreads) {
            if (!mainThreads.contains(t)) {
                List<Variant> vs = new ArrayList<>(side);
                if (!vs.contains(Variant.RAW)) {
                    vs.add(0, Variant.RAW);
                }
                groups.add(vs.stream().map(v -> new Cell(t, v)).toList());
            }
        }

        int rounds = Integer.parseInt(o.get("rounds"));
        long measureMs = Long.parseLong(o.get("measure-ms"));
        long warmupMs = Long.parseLong(o.get("warmup-ms"));
        long jvmWarmupMs = Long.parseLong(o.get("jvm-warmup-ms"));
        int jvmWarmupThreads = Integer.parseInt(o.get("jvm-warmup-threads"));
        log("PostgreSQL: " + pgVersion);
        log(String.format(Locale.ROOT, "%d variants, %d rounds; per measurement %d ms pool warm-up + %d ms measured",
                all.size(), rounds, warmupMs, measureMs));

        Map<Variant, Child> children = new LinkedHashMap<>();
        try {
            for (Variant v : all) {
                children.put(v, new Child(v));
            }
            for (Child c : children.values()) {
                c.awaitReady();
            }
            for (Child c : children.values()) {
                String[] w = c.warm(jvmWarmupThreads, jvmWarmupMs);
                log("warmed up " + c.variant.id + " at " + jvmWarmupThreads + " threads until the JIT settled (at most "
                        + jvmWarmupMs
                        + " ms): " + String.join(" ", Arrays.copyOfRange(w, 1, w.length)));
            }
            List<Run> results = new ArrayList<>();
            try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("e2e.csv")))) {
                csv.println(E2eTable.CSV_HEADER);
                // Warm-up rounds (main thread count only) are run exactly like the others and not recorded: a
                // child's JIT goes on compiling for a round or two after its own warm-up, while raw, which runs
                // between every two, is compiled long before (docs/benchmarks.md, "Why the warm-up waits").
                int warmupRounds = Integer.parseInt(o.get("warmup-rounds"));
                for (int r = -warmupRounds; r < rounds; r++) {
                    for (List<Cell> group : groups) {
                        if (r < 0 && !mainThreads.contains(group.get(0).threads())) {
                            continue;
                        }
                        List<Cell> sequence = bracketed(group, r);
                        for (int k = 0; k < sequence.size(); k++) {
                            Cell cell = sequence.get(k);
                            Run x = measured(r, k, cell, children.get(cell.variant()).run(cell.threads(), warmupMs,
                                    measureMs));
                            if (r < 0) {
                                log(String.format(Locale.ROOT, "warm-up round %2d threads %-11s cpu %6.2f us/op (not "
                                        + "recorded)", cell.threads(), cell.variant().id, x.cpuPerOp()));
                                continue;
                            }
                            results.add(x);
                            csv.println(E2eTable.csvRow(x));
                            csv.flush();
                            log(String.format(Locale.ROOT, "round %d/%d %2d threads %-11s %8.0f ops/s  p50 %7.0f us  "
                                    + "p99 %7.0f us  cpu %6.2f us/op  server %6.2f us/op  load %.2f%s", r + 1, rounds,
                                    cell.threads(), cell.variant().id, x.opsPerSec(), x.p50(), x.p99(), x.cpuPerOp(),
                                    x.serverCpuPerOp(), x.load(), x.errors() > 0 ? "  ERRORS " + x.errors() : ""));
                        }
                    }
                }
            }
            String table = new E2eTable(results, groups).render(pgVersion, measureMs / 1000.0);
            System.out.print(table);
            Files.writeString(out.resolve("e2e-table.txt"), table);
        } finally {
            for (Child c : children.values()) {
                c.close();
            }
        }
    }

    /** One child's reply to {@code run} as a measured run (CPU per operation in microseconds, NaN if unknown). */
    private static Run measured(int round, int position, Cell cell, String[] reply) {
        Map<String, Long> m = fields(reply);
        long ops = m.get("ops");
        long server = m.getOrDefault("server", -1L);
        return new Run(round, position, cell, ops / (m.get("nanos") / 1e9), m.get("p50") / 1e3, m.get("p99") / 1e3,
                ops == 0 ? Double.NaN : m.get("cpu") / 1e3 / ops, ops == 0 || server <= 0 ? Double.NaN : server / 1e3 / ops,
                m.get("errors"), load1());
    }

    /**
     * The order of one group in round {@code r}: the non-raw variants rotated by {@code r}, each bracketed by raw
     * (raw A raw B raw C raw), so every variant is compared with the raw runs right before and right after it.
     */
    static List<Cell> bracketed(List<Cell> group, int r) {
        List<Cell> others = group.stream().filter(c -> c.variant() != Variant.RAW).toList();
        Cell raw = new Cell(group.get(0).threads(), Variant.RAW);
        List<Cell> sequence = new ArrayList<>();
        sequence.add(raw);
        for (int k = 0; k < others.size(); k++) {
            sequence.add(others.get(Math.floorMod(k + r, others.size())));
            sequence.add(raw);
        }
        return sequence;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Schema

    /** Creates the database if needed, then a 100k-row accounts table (kept between runs) and an empty history. */
    private String setUpDatabase() throws SQLException {
        String url = o.get("url");
        Properties p = new Properties();
        p.setProperty("user", o.get("user"));
        p.setProperty("password", o.get("password"));
        int slash = url.lastIndexOf('/');
        String db = url.substring(slash + 1).replaceFirst("\\?.*", "");
        try (Connection c = DriverManager.getConnection(url.substring(0, slash + 1) + "postgres", p);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                if (!rs.next()) {
                    log("creating database " + db);
                    s.execute("CREATE DATABASE " + db);
                }
            }
            // Commits are not waited for on disk: the harness measures the client, and fsync latency of a shared
            // disk would only add noise. Applies to new sessions of this database only.
            s.execute("ALTER DATABASE " + db + " SET synchronous_commit = off");
        }
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS e2e_accounts (aid int PRIMARY KEY, bid int NOT NULL, "
                    + "abalance int NOT NULL, filler char(84))");
            s.execute("CREATE TABLE IF NOT EXISTS e2e_history (aid int NOT NULL, delta int NOT NULL, "
                    + "mtime timestamptz NOT NULL, filler char(22))");
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM e2e_accounts")) {
                rs.next();
                rows = rs.getLong(1);
            }
            if (rows != Workload.ACCOUNTS) {
                log("filling e2e_accounts with " + Workload.ACCOUNTS + " rows");
                s.execute("TRUNCATE e2e_accounts");
                s.execute("INSERT INTO e2e_accounts SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, "
                        + Workload.ACCOUNTS + ") g");
            }
            s.execute("TRUNCATE e2e_history");
            s.execute("VACUUM ANALYZE e2e_accounts");
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                return rs.getString(1).replaceFirst(" on .*", "");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Children

    private final class Child implements AutoCloseable {
        final Variant variant;
        final Process process;
        final BufferedReader in;
        final Writer to;
        final Path logFile;

        Child(Variant variant) throws IOException {
            this.variant = variant;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(Arrays.asList(o.get("jvm-opts").trim().split("\\s+")));
            String pgsafeAgent = new File(o.get("pgsafe-agent")).getAbsolutePath();
            String otelAgent = new File(o.get("otel-agent")).getAbsolutePath();
            for (String jar : variant == Variant.AGENT ? List.of(pgsafeAgent)
                    : variant == Variant.OTEL_AGENT ? List.of(otelAgent) : List.<String>of()) {
                if (!new File(jar).isFile()) {
                    throw new IllegalStateException(jar + " not found (build it first)");
                }
            }
            cmd.addAll(variant.jvmOptions(pgsafeAgent, otelAgent));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Workload.class.getName());
            cmd.addAll(List.of("--variant", variant.id, "--url", o.get("url"), "--user", o.get("user"),
                    "--password", o.get("password")));
            logFile = out.resolve(variant.id + ".log");
            Files.writeString(logFile, String.join(" ", cmd) + "\n");
            process = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            to = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        void awaitReady() throws IOException {
            String[] f = reply("ready");
            // "ready variant=x canary=<sqlstate> connection=<class>"
            String canary = f[2].substring("canary=".length());
            boolean pgsafe = variant == Variant.PGSAFE || variant == Variant.PGSAFE_OTEL || variant == Variant.AGENT;
            String expected = pgsafe ? "PGS01" : "42P01";
            log(String.format(Locale.ROOT, "%-11s ready: DROP TABLE canary -> %s, %s", variant.id, canary, f[3]));
            if (!canary.equals(expected)) {
                throw new IllegalStateException(variant.id + ": the canary DROP TABLE gave " + canary + ", expected "
                        + expected + (pgsafe ? " (pgsafe is not in the path)" : "") + "; see " + logFile);
            }
        }

        String[] warm(int threads, long maxMs) throws IOException {
            to.write("warm " + threads + " " + maxMs + "\n");
            to.flush();
            return reply("warmed");
        }

        String[] run(int threads, long warmupMs, long measureMs) throws IOException {
            to.write("run " + threads + " " + warmupMs + " " + measureMs + "\n");
            to.flush();
            return reply("result");
        }

        private String[] reply(String kind) throws IOException {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("E2E " + kind + " ")) {
                    return line.substring(4).split(" ");
                }
            }
            throw new IllegalStateException(variant.id + " child ended (exit " + waitExit() + "); log: " + logFile
                    + "\n" + tail(logFile));
        }

        private String waitExit() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "?";
            }
        }

        @Override
        public void close() {
            try {
                to.write("quit\n");
                to.flush();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Map<String, Long> fields(String[] f) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String kv : f) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
        }
        return m;
    }

    private static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static List<Variant> variants(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Variant::of).toList();
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }

    private static void log(String message) {
        System.err.println("[e2e] " + message);
    }
}
