package io.pgsafe.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer the JVM calls for every class: a string comparison lets everything but pgjdbc's four hooked
 * classes through at once (ASM never sees or parses them). Those wait until the hooks' transformer is ready — it is
 * warmed up on a background thread while the application starts — and then go to it.
 */
final class DeferredTransformer implements ClassFileTransformer {
    static final String[] HOOKED = {"org/postgresql/jdbc/PgStatement", "org/postgresql/jdbc/PgPreparedStatement",
        "org/postgresql/jdbc/PgConnection",
        "org/postgresql/Driver"};
    private static final long WAIT_SECONDS = 60;

    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile ClassFileTransformer delegate;

    static boolean hooked(String internalName) {
        if (internalName == null || !internalName.startsWith("org/postgresql/")) {
            return false;
        }
        for (String name : HOOKED) {
            if (name.equals(internalName)) {
                return true;
            }
        }
        return false;
    }

    /** The hooks' transformer, or null when the agent gave up (nothing is transformed then). */
    void ready(ClassFileTransformer transformer) {
        delegate = transformer;
        ready.countDown();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (!hooked(className)) {
            return null;
        }
        try {
            if (!ready.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.getLogger("io.pgsafe").log(System.Logger.Level.ERROR, "pgsafe agent: its hooks were not "
                        + "ready after " + WAIT_SECONDS + " s; " + className + " is loaded without them");
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        ClassFileTransformer target = delegate;
        return target == null ? null
                : target.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }
}
