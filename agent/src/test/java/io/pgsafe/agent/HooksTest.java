package io.pgsafe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafe.jdbc.AgentSupport;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's self-check and its transformer, in process (no agent attached, so nothing is really hooked here). */
class HooksTest {

    private static URLClassLoader isolatedPgjdbc() throws Exception {
        URL jar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toUri().toURL();
        return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void enforceRefusesAConnectionThroughAPgjdbcWhoseHooksDidNotTake() throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of()));
        try (URLClassLoader loader = isolatedPgjdbc()) {
            Object driver = loader.loadClass("org.postgresql.Driver").getConstructor().newInstance();
            assertThatThrownBy(() -> hooks.connect(driver))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("the hooks into pgjdbc did not take")
                    .hasMessageContaining("org.postgresql.jdbc.PgStatement was not transformed")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("PGS01");
        }
    }

    @Test
    void warnLetsTheConnectionThroughAndLogs() throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of("pgsafe.mode", "warn")));
        try (URLClassLoader loader = isolatedPgjdbc()) {
            Object driver = loader.loadClass("org.postgresql.Driver").getConstructor().newInstance();
            hooks.connect(driver);
        }
    }

    @Test
    void aPgjdbcWithoutTheHookedMethodIsRecordedAsFailedNotAsTransformed() throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of()));
        byte[] renamed = new ByteBuddy().subclass(Object.class).name("org.postgresql.jdbc.PgStatement").make()
                .getBytes();
        ClassLoader loader = new URLClassLoader(new URL[0], null);
        byte[] result = new PgjdbcTransformer(hooks).transform(null, loader, "org/postgresql/jdbc/PgStatement", null,
                null, renamed);
        assertThat(result).isNull();
        assertThat(hooks.isHooked(loader, AgentInstaller.PG_STATEMENT)).isFalse();
        assertThat(hooks.hasFailed(loader, AgentInstaller.PG_STATEMENT)).isTrue();
    }

    @Test
    void theRealPgStatementIsTransformed() throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of()));
        String resource = "org/postgresql/jdbc/PgStatement.class";
        byte[] bytes;
        try (var in = org.postgresql.Driver.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        ClassLoader loader = org.postgresql.Driver.class.getClassLoader();
        byte[] result = new PgjdbcTransformer(hooks).transform(null, loader, "org/postgresql/jdbc/PgStatement", null,
                null, bytes);
        assertThat(result).isNotNull().isNotEqualTo(bytes);
        assertThat(hooks.isHooked(loader, AgentInstaller.PG_STATEMENT)).isTrue();
    }

    @Test
    void theRealPgPreparedStatementIsTransformed() throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of()));
        String resource = "org/postgresql/jdbc/PgPreparedStatement.class";
        byte[] bytes;
        try (var in = org.postgresql.Driver.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        ClassLoader loader = org.postgresql.Driver.class.getClassLoader();
        byte[] result = new PgjdbcTransformer(hooks).transform(null, loader, "org/postgresql/jdbc/PgPreparedStatement",
                null, null, bytes);
        assertThat(result).isNotNull().isNotEqualTo(bytes);
        assertThat(hooks.isHooked(loader, AgentInstaller.PG_PREPARED_STATEMENT)).isTrue();
    }

    @Test
    void theWarmUpTransformsTheAgentsOwnStandIn() {
        // The warm-up runs before the configuration is read (no hooks yet).
        new PgjdbcTransformer().warmUp();
    }

    /**
     * The hooks are written with the class's own stack map frames and a few added by hand: the JVM's verifier
     * must accept all four transformed classes (it checks every frame when the class links).
     */
    @Test
    void theTransformedPgjdbcClassesPassTheVerifier() throws Exception {
        assertHookedAndVerified(Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()));
    }

    /** The same for older pgjdbc releases users still run (copied to target/pgjdbc-releases by the build). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pgjdbcReleases")
    void olderPgjdbcReleasesAreHookedAndPassTheVerifier(Path jar) throws Exception {
        assertHookedAndVerified(jar);
    }

    static Stream<Path> pgjdbcReleases() throws java.io.IOException {
        Path dir = Path.of("target", "pgjdbc-releases");
        assertThat(dir).as("pgjdbc releases copied by the build (maven-dependency-plugin, copy-pgjdbc-releases)")
                .isDirectory();
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList().stream();
        }
    }

    private static void assertHookedAndVerified(Path pgjdbcJar) throws Exception {
        Hooks hooks = new Hooks(AgentSupport.start(Map.of()));
        PgjdbcTransformer transformer = new PgjdbcTransformer(hooks);
        URL jar = pgjdbcJar.toUri().toURL();
        // pgjdbc child-first, so its classes are defined here (and transformed); the bridge comes from the parent.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, HooksTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.startsWith("org.postgresql.")) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    String internal = name.replace('.', '/');
                    try (var in = getResourceAsStream(internal + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        byte[] transformed = transformer.transform(null, this, internal, null, null, bytes);
                        byte[] defined = transformed == null ? bytes : transformed;
                        return defineClass(name, defined, 0, defined.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            }
        }) {
            for (String name : List.of(AgentInstaller.PG_STATEMENT, AgentInstaller.PG_PREPARED_STATEMENT,
                    AgentInstaller.PG_CONNECTION, AgentInstaller.PG_DRIVER)) {
                Class<?> type = Class.forName(name, true, loader);
                assertThat(type.getClassLoader()).isSameAs(loader);
                assertThat(hooks.isHooked(loader, name)).as(name).isTrue();
                assertThat(hooks.hasFailed(loader, name)).as(name).isFalse();
            }
        }
    }

    @Test
    void agentArgumentsTakeKeysWithOrWithoutThePrefix() {
        assertThat(AgentArguments.parse("mode=warn, pgsafe.lock-timeout=1s,,rules.drop-table=off"))
                .containsEntry("pgsafe.mode", "warn").containsEntry("pgsafe.lock-timeout", "1s")
                .containsEntry("pgsafe.rules.drop-table", "off");
        assertThat(AgentArguments.modeOffBeforeLoading("mode=off")).isTrue();
        assertThat(AgentArguments.modeOffBeforeLoading("mode=warn")).isFalse();
        assertThatThrownBy(() -> AgentArguments.parse("oops")).hasMessageContaining("is not key=value");
    }

    @Test
    void agentArgumentsAreALayerAboveSystemProperties() {
        AgentSupport support = AgentSupport.start(Map.of("pgsafe.mode", "warn"));
        assertThat(support.config().origin("pgsafe.mode")).contains(AgentSupport.AGENT_ARGUMENTS);
    }
}
