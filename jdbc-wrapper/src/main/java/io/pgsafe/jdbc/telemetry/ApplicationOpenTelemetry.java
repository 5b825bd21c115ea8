package io.pgsafe.jdbc.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * An OpenTelemetry API for pgsafe's spans when pgsafe's own loader does not see one. That is the agent's case: its
 * loader is the system class loader, and a Spring Boot executable jar keeps the API (and pgjdbc) in
 * {@code BOOT-INF/lib}, behind Boot's {@code LaunchedClassLoader}. In order:
 * <ol>
 * <li>the application's own {@code io.opentelemetry.api}, as the loader of its pgjdbc connection sees it (under the
 * OpenTelemetry Java agent, the agent bridges it to its SDK);
 * <li>the OpenTelemetry Java agent's own copy of the API, on the boot class path, relocated to
 * {@value #AGENT_PREFIX}{@code io.opentelemetry.*}: an implementation detail of that agent (2.x), used only when the
 * application has no API of its own.
 * </ol>
 *
 * <p>{@link OtelSink} is then defined a second time, from the same class file (its OpenTelemetry names renamed to the
 * agent's relocated ones for 2), in a small loader of its own: it takes {@code io.opentelemetry.*} from the API's
 * loader and everything else from pgsafe's, so it binds to that API's {@code GlobalOpenTelemetry} and
 * {@code Context} while implementing pgsafe's own {@link SpanSink}. One such loader per connection class for 1, kept
 * in a {@link ClassValue} so it lives exactly as long as that class, and one for 2.
 */
final class ApplicationOpenTelemetry {
    private static final String SINK = Telemetry.class.getPackageName() + ".OtelSink";
    static final String AGENT_PREFIX = "io.opentelemetry.javaagent.shaded.";

    private static final ClassValue<Telemetry.Spans> BY_CONNECTION_TYPE = new ClassValue<>() {
        @Override
        protected Telemetry.Spans computeValue(Class<?> type) {
            return bind(type.getClassLoader());
        }
    };

    private ApplicationOpenTelemetry() {
    }

    static Telemetry.Spans spans(Class<?> connectionType) {
        return BY_CONNECTION_TYPE.get(connectionType);
    }

    private static Telemetry.Spans bind(ClassLoader application) {
        ClassLoader pgsafe = Telemetry.class.getClassLoader();
        if (pgsafe == null) {
            return Telemetry.Spans.NONE;
        }
        if (application != null && application != pgsafe && sees(application, "")) {
            return bind(new ApiLoader(pgsafe, application, ""), "the OpenTelemetry API of " + application);
        }
        return OtelAgentApi.SPANS;
    }

    /** The OpenTelemetry Java agent's relocated API, bound once, or NONE without it. */
    private static final class OtelAgentApi {
        static final Telemetry.Spans SPANS = sees(null, AGENT_PREFIX)
                ? bind(new ApiLoader(Telemetry.class.getClassLoader(), null, AGENT_PREFIX),
                        "the OpenTelemetry Java agent's own API (" + AGENT_PREFIX + "io.opentelemetry.api)")
                : Telemetry.Spans.NONE;
    }

    private static Telemetry.Spans bind(ApiLoader loader, String what) {
        try {
            Class<?> sink = loader.loadClass(SINK);
            Method start = sink.getDeclaredMethod("start", Object.class, String.class, boolean.class);
            start.setAccessible(true);
            SessionTelemetry.LOG.debug("pgsafe spans go through {}", what);
            return summary -> start(start, summary);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            SessionTelemetry.LOG.warn("pgsafe: cannot bind to {}, so no pgsafe spans: {}", what, e.toString());
            return Telemetry.Spans.NONE;
        }
    }

    private static SpanSink start(Method start, String summary) {
        try {
            return (SpanSink) start.invoke(null, PgSafeTelemetry.openTelemetry, summary, Telemetry.agent());
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException | LinkageError e) {
            return SpanSink.NONE;
        }
    }

    /** Whether {@code loader} (null: the boot loader) has {@code <prefix>io.opentelemetry.api/context}. */
    private static boolean sees(ClassLoader loader, String prefix) {
        try {
            Class.forName(prefix + "io.opentelemetry.api.GlobalOpenTelemetry", false, loader);
            Class.forName(prefix + "io.opentelemetry.context.Context", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Defines {@link OtelSink} itself, its OpenTelemetry names prefixed with {@code prefix}; {@code io.opentelemetry.*}
     * from {@code api} (null: the boot loader), the rest from pgsafe.
     */
    private static final class ApiLoader extends ClassLoader {
        private final ClassLoader pgsafe;
        private final ClassLoader api;
        private final String prefix;

        ApiLoader(ClassLoader pgsafe, ClassLoader api, String prefix) {
            super("pgsafe-opentelemetry", pgsafe);
            this.pgsafe = pgsafe;
            this.api = api;
            this.prefix = prefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    if (name.startsWith("io.opentelemetry.")) {
                        loaded = Class.forName(name, false, api);
                    } else if (name.equals(SINK)) {
                        loaded = defineSink(name);
                    } else {
                        loaded = pgsafe.loadClass(name);
                    }
                }
                return loaded;
            }
        }

        private Class<?> defineSink(String name) throws ClassNotFoundException {
            try (InputStream in = pgsafe.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name + ": no class file in " + pgsafe);
                }
                byte[] bytes = in.readAllBytes();
                if (!prefix.isEmpty()) {
                    bytes = ClassFileNames.prefixed(bytes, "io/opentelemetry/", prefix.replace('.', '/'));
                }
                return defineClass(name, bytes, 0, bytes.length, Telemetry.class.getProtectionDomain());
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
