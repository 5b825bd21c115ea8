package io.pgsafe.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * Writes the {@link Hook}s into pgjdbc's four hooked classes with Byte Buddy's bundled ASM: the class bytes the JVM
 * hands over are read and written once, no other class is looked up or described, and nothing is added but the
 * calls into the bridge (so retransformation works).
 *
 * <p>Why not Byte Buddy's {@code Advice}, or {@code AgentBuilder}: they load and interpret some 900 classes before
 * the first pgjdbc class may load (the advice's annotations, the type pool, the method graph, the dynamic type
 * writer), which was most of the agent's start-up cost (docs/agent.md, "Start-up cost"). The hooks are twelve
 * static calls; ASM's class reader and writer are some 30 classes. Only declared methods are looked at, so the
 * interfaces without class files that the OpenTelemetry agent adds to pgjdbc's classes cannot fail the
 * transformation (environment.md section 4, pitfall 1).
 */
final class PgjdbcTransformer implements ClassFileTransformer {
    static final String DUMP_PROPERTY = "io.pgsafe.agent.dump";
    private volatile Hooks hooks;

    PgjdbcTransformer(Hooks hooks) {
        this.hooks = hooks;
    }

    /** Made before the configuration is read; {@link #hooks(Hooks)} must be called before it transforms. */
    PgjdbcTransformer() {
    }

    void hooks(Hooks installed) {
        this.hooks = installed;
    }

    /** The hooks into one pgjdbc class (dotted name); empty for every other class. */
    static List<Hook> hooksOf(String type) {
        List<Hook> of = new ArrayList<>();
        for (Hook hook : Hook.values()) {
            if (hook.type.equals(type)) {
                of.add(hook);
            }
        }
        return of;
    }

    /** The class with the hooks written in; throws when one of them found no method to land on. */
    static byte[] weave(byte[] bytes, List<Hook> hooks) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        HookedClass hooked = new HookedClass(writer, hooks);
        reader.accept(hooked, 0);
        hooked.requireEveryHook();
        return writer.toByteArray();
    }

    /**
     * Runs one whole transformation of {@link WarmUp} (never defined; the bytes are dropped), so the class reading
     * and writing code is loaded and initialized before the first pgjdbc class needs it.
     */
    void warmUp() {
        String resource = WarmUp.class.getName().replace('.', '/') + ".class";
        try (InputStream in = PgjdbcTransformer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the agent jar");
            }
            weave(in.readAllBytes(), hooksOf(AgentInstaller.PG_STATEMENT));
        } catch (IOException e) {
            throw new IllegalStateException("pgsafe agent: cannot read " + resource, e);
        }
    }

    /** The shape of {@code PgStatement}'s hooked methods, for {@link #warmUp()} only. */
    @SuppressWarnings("unused")
    static final class WarmUp {
        protected final java.util.ArrayList<Object> batchStatements = null;

        private boolean executeCachedSql(String sql, int flags, String[] columns) {
            return false;
        }

        public void addBatch(String sql) {
        }

        public int[] executeBatch() {
            return new int[0];
        }

        public long[] executeLargeBatch() {
            return new long[0];
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        if (!DeferredTransformer.hooked(internalName)) {
            return null;
        }
        String name = internalName.replace('/', '.');
        try {
            byte[] transformed = weave(bytes, hooksOf(name));
            dump(internalName, transformed);
            hooks.transformed(name, loader);
            return transformed;
        } catch (Throwable e) {
            // Never thrown into the JVM (it would be swallowed there): recorded, logged, and the self-check at
            // Driver.connect refuses connections in enforce mode.
            hooks.failed(name, loader, e);
            return null;
        }
    }

    /**
     * {@code -Dio.pgsafe.agent.dump=<directory>} writes each transformed class there ({@code org/postgresql/…class}),
     * for {@code javap -c}: what Byte Buddy's {@code net.bytebuddy.dump} did when the agent used its {@code Advice}.
     * Not a {@code pgsafe.*} property: those are configuration keys, and an unknown one stops the JVM.
     */
    private static void dump(String internalName, byte[] transformed) throws IOException {
        String directory = System.getProperty(DUMP_PROPERTY);
        if (directory != null && !directory.isBlank()) {
            Path file = Path.of(directory, internalName + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, transformed);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        return transform(null, loader, internalName, classBeingRedefined, protectionDomain, bytes);
    }
}
