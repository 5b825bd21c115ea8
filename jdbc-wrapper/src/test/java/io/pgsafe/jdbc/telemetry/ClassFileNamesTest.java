package io.pgsafe.jdbc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.jdbc.telemetry.renamed.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link ClassFileNames} renames a package in a class file the way the agent needs for the OTel agent's API. */
class ClassFileNamesTest {
    private static final String FROM = "io/pgsafe/jdbc/telemetry/renamed/";
    private static final String PREFIX = "relocated/";

    @Test
    void renamedReferencesResolveToTheRenamedClassAndConstantsSurvive() throws Exception {
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    if (name.equals(ClassFileNamesFixture.class.getName())) {
                        return define(name, ClassFileNamesFixture.class);
                    }
                    if (name.equals(PREFIX.replace('/', '.') + Target.class.getName())) {
                        return define(name, Target.class);
                    }
                    return super.loadClass(name, resolve);
                }
            }

            private Class<?> define(String name, Class<?> original) throws ClassNotFoundException {
                try (InputStream in = original.getResourceAsStream(original.getSimpleName() + ".class")) {
                    byte[] bytes = ClassFileNames.prefixed(in.readAllBytes(), FROM, PREFIX);
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        };
        @SuppressWarnings("unchecked")
        Supplier<String> fixture = (Supplier<String>) loader.loadClass(ClassFileNamesFixture.class.getName())
                .getDeclaredConstructor().newInstance();

        assertThat(fixture.get())
                .isEqualTo("relocated.io.pgsafe.jdbc.telemetry.renamed.Target 1099511627776 2.5E300 1.5E30");
        assertThat(new ClassFileNamesFixture().get()).startsWith("io.pgsafe.jdbc.telemetry.renamed.Target ");
    }
}
