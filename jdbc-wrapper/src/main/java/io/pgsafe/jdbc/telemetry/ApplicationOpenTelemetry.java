package io.pgsafe.jdbc.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The application's own {@code io.opentelemetry.api}, reached through the loader of its pgjdbc connection when
 * pgsafe's own loader does not see one. That is the agent's case: its loader is the system class loader, and a
 * Spring Boot executable jar keeps the API (and pgjdbc) in {@code BOOT-INF/lib}, behind Boot's
 * {@code LaunchedClassLoader}.
 *
 * <p>{@link OtelSink} is then defined a second time, from the same class file, in a small loader of its own: it
 * asks the connection's loader for {@code io.opentelemetry.*} and pgsafe's loader for everything else, so it binds to
 * the application's {@code GlobalOpenTelemetry} (or, under the OpenTelemetry Java agent, to the agent's bridge in
 * that API) while implementing pgsafe's own {@link SpanSink}. One such loader per connection class, kept in a
 * {@link ClassValue} so it lives exactly as long as that class.
 */
final class ApplicationOpenTelemetry {
    private static final String SINK = Telemetry.class.getPackageName() + ".OtelSink";

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
        if (pgsafe == null || application == null || application == pgsafe || !sees(application)) {
            return Telemetry.Spans.NONE;
        }
        try {
            Class<?> sink = new ApiLoader(pgsafe, application).loadClass(SINK);
            Method start = sink.getDeclaredMethod("start", Object.class, String.class, boolean.class);
            start.setAccessible(true);
            SessionTelemetry.LOG.debug("pgsafe spans go through the OpenTelemetry API of {}", application);
            return summary -> start(start, summary);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            SessionTelemetry.LOG.warn("pgsafe: cannot bind to the OpenTelemetry API of {}, so no pgsafe spans: {}",
                    application, e.toString());
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

    private static boolean sees(ClassLoader loader) {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader);
            Class.forName("io.opentelemetry.context.Context", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Defines {@link OtelSink} itself; {@code io.opentelemetry.*} from the application, the rest from pgsafe. */
    private static final class ApiLoader extends ClassLoader {
        private final ClassLoader pgsafe;
        private final ClassLoader application;

        ApiLoader(ClassLoader pgsafe, ClassLoader application) {
            super("pgsafe-opentelemetry", pgsafe);
            this.pgsafe = pgsafe;
            this.application = application;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    if (name.startsWith("io.opentelemetry.")) {
                        loaded = Class.forName(name, false, application);
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
                return defineClass(name, bytes, 0, bytes.length, Telemetry.class.getProtectionDomain());
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
