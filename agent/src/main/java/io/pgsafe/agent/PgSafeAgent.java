package io.pgsafe.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * {@code -javaagent:pgsafe-agent.jar[=pgsafe.mode=enforce,lock-timeout=1s,…]} (premain) and dynamic attach
 * (agentmain). This class touches only {@code java.base} and {@code java.instrument}: it first puts the bridge on
 * the boot class path, and only then lets {@link AgentInstaller} (Byte Buddy, the engine) load.
 */
public final class PgSafeAgent {
    static final String[] BRIDGE_CLASSES = {
        "io/pgsafe/agent/bootstrap/PgSafeBridge.class",
        "io/pgsafe/agent/bootstrap/PgSafeBridge$Hooks.class",
    };

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
     * Writes the bridge classes into a small jar and appends it to the boot class path, before anything loads them
     * (the agent's own loader then delegates to the boot loader and never defines a second copy).
     */
    private static void appendBridgeToBootClassPath(Instrumentation instrumentation) throws IOException {
        ClassLoader own = PgSafeAgent.class.getClassLoader();
        Path jar = Files.createTempFile("pgsafe-agent-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : BRIDGE_CLASSES) {
                try (InputStream in = own.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " is missing from the agent jar");
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }
}
