package io.pgsafe.agent;

import io.pgsafe.testsupport.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@code AgentProbe} in a child JVM with the given agents, against a test database. */
final class ChildJvm {
    static final Path AGENT_JAR = Path.of(required("pgsafe-test.agent.jar"));
    static final Path OTEL_JAR = Path.of(required("pgsafe-test.otel.jar"));
    static final Path TEST_CLASSES = Path.of(required("pgsafe-test.test-classes"));
    static final Path PGJDBC_JAR = pgjdbcJar();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    record Result(int exitCode, String output, long millis) {
        List<String> lines(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    private ChildJvm() {
    }

    static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: run the agent ITs through maven-failsafe (mvn verify)");
        }
        return value;
    }

    private static Path pgjdbcJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the pgjdbc jar", e);
        }
    }

    static String agent() {
        return "-javaagent:" + AGENT_JAR;
    }

    static String otel() {
        return "-javaagent:" + OTEL_JAR;
    }

    /** Which agents a child JVM starts with, in which order. */
    enum Agents {
        PGSAFE_ALONE, OTEL_FIRST, PGSAFE_FIRST;

        List<String> jvmArgs() {
            List<String> args = new ArrayList<>();
            if (this != PGSAFE_ALONE) {
                args.addAll(otelQuiet());
            }
            if (this == OTEL_FIRST) {
                args.add(otel());
            }
            args.add(agent());
            if (this == PGSAFE_FIRST) {
                args.add(otel());
            }
            return args;
        }
    }

    /**
     * A child JVM's Java (17, this build's, or Temurin 25) and agents. With OTel, only its JDBC instrumentation (the
     * one that meets pgsafe's hooks in pgjdbc's classes) and its bridge of the application's API: the whole set
     * costs seconds per child JVM, and the plain program runs beside it ({@link Agents#jvmArgs()}) in both orders.
     */
    record Launch(int javaVersion, Agents agents) {
        /** The java binary; the run is skipped (not failed) when Temurin 25 is not installed. */
        String java() {
            if (javaVersion == 17) {
                return JAVA;
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of(JAVA_25)),
                    "Temurin 25 is not installed at " + JAVA_25 + ": the Java 25 run is skipped");
            return JAVA_25;
        }

        List<String> jvmArgs() {
            List<String> args = new ArrayList<>();
            if (agents != Agents.PGSAFE_ALONE) {
                args.addAll(List.of("-Dotel.instrumentation.common.default-enabled=false",
                        "-Dotel.instrumentation.jdbc.enabled=true",
                        "-Dotel.instrumentation.jdbc-datasource.enabled=true",
                        "-Dotel.instrumentation.opentelemetry-api.enabled=true"));
            }
            args.addAll(agents.jvmArgs());
            return args;
        }

        @Override
        public String toString() {
            return "Java " + javaVersion + ", " + agents.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    static List<String> otelQuiet() {
        return List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.javaagent.logging=simple");
    }

    /** Runs {@code java <jvmArgs> -cp <test-classes>[:pgjdbc] AgentProbe <scenario> url user password [extra]}. */
    static Result run(String java, List<String> jvmArgs, String classpath, TestDatabase db, String scenario,
                      String... extra) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(scenario, db.url(), db.user(),
                db.password() == null ? "" : db.password()));
        arguments.addAll(List.of(extra));
        return runMain(java, jvmArgs, classpath, "io.pgsafe.agent.child.AgentProbe", arguments);
    }

    /** The application classpath the build wrote (pgjdbc, HikariCP, Flyway, Liquibase, SLF4J) plus the probes. */
    static String applicationClasspath() throws IOException {
        return TEST_CLASSES + File.pathSeparator
                + Files.readString(Path.of(required("pgsafe-test.child-classpath"))).strip();
    }

    static Result runMain(String java, List<String> jvmArgs, String classpath, String mainClass,
                          List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        Path log = Files.createTempFile("pgsafe-agent-child-", ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + command + "\n" + Files.readString(log));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output, millis);
    }

    static String classpath(Path... entries) {
        List<String> parts = new ArrayList<>();
        for (Path p : entries) {
            parts.add(p.toString());
        }
        return String.join(File.pathSeparator, parts);
    }

    static String probeWithPgjdbc() {
        return classpath(TEST_CLASSES, PGJDBC_JAR);
    }
}
