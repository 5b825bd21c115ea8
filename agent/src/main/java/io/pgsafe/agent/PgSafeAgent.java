package io.pgsafe.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarFile;

/**
 * {@code -javaagent:pgsafe-agent.jar[=pgsafe.mode=enforce,lock-timeout=1s,…]} (premain) and dynamic attach
 * (agentmain). This class touches only {@code java.base} and {@code java.instrument}: it first puts the bridge on
 * the boot class path, and only then lets {@link AgentInstaller} (the hooks, the engine) load.
 */
public final class PgSafeAgent {
    /** The bridge classes' jar, next to this class in the agent jar (agent/pom.xml, execution bridge-jar). */
    static final String BRIDGE_JAR = "pgsafe-agent-bridge.jar";

    private PgSafeAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, "premain");
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, "agentmain");
    }

    private static void start(String arguments, Instrumentation instrumentation, String how) {
        long started = System.nanoTime();
        if (AgentArguments.modeOffBeforeLoading(arguments)) {
            System.getLogger("io.pgsafe").log(System.Logger.Level.INFO,
                    "pgsafe agent: pgsafe.mode=off: no instrumentation at all");
            return;
        }
        try {
            appendBridgeToBootClassPath(instrumentation);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("pgsafe agent: cannot put its bridge class on the boot class path: " + e, e);
        }
        AgentInstaller.install(arguments, instrumentation, how, started);
    }

    /**
     * Copies the bridge jar (built with the agent, {@link #BRIDGE_JAR}) to a new file and appends it to the boot class
     * path, before anything loads the bridge (the agent's own loader then delegates to the boot loader and never
     * defines a second copy). The file name comes from the clock, not from {@code Files.createTempFile}, whose
     * random names load the security providers on the start-up thread; {@code CREATE_NEW} never opens a file (or a
     * link) that is already there, and another name is tried.
     */
    private static void appendBridgeToBootClassPath(Instrumentation instrumentation) throws IOException {
        byte[] bytes;
        try (InputStream in = PgSafeAgent.class.getResourceAsStream(BRIDGE_JAR)) {
            if (in == null) {
                throw new IOException(BRIDGE_JAR + " is missing from the agent jar");
            }
            bytes = in.readAllBytes();
        }
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            Path jar = directory.resolve("pgsafe-agent-bridge-" + Long.toHexString(System.nanoTime()) + ".jar");
            try {
                Files.write(jar, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 100) {
                    continue;
                }
                throw e;
            }
            jar.toFile().deleteOnExit();
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            return;
        }
    }
}
