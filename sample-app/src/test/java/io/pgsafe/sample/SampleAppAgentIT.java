package io.pgsafe.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.SharedPostgres;
import io.pgsafe.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The third front door: the packaged app ({@code target/pgsafe-sample-app.jar}, a Spring Boot fat jar) in a child JVM
 * with {@code -javaagent:agent/target/pgsafe-agent.jar}, a plain {@code jdbc:postgresql:} URL and the starter switched
 * off, so the agent is the only pgsafe there. Runs in failsafe (after package); the reactor builds the agent first
 * (sample-app depends on it, test scope).
 */
@PostgresTest
class SampleAppAgentIT {

    @Test
    void theAgentStopsTheUnsafeProfileInThePackagedApp(SharedPostgres server) throws Exception {
        Path agent = Paths.get(System.getProperty("pgsafe.agent.jar", "../agent/target/pgsafe-agent.jar"));
        Path app = Paths.get(System.getProperty("pgsafe.sample.jar", "target/pgsafe-sample-app.jar"));
        assumeTrue(Files.isRegularFile(agent), "SKIPPED: " + agent + " is not built; run through the reactor"
                + " (./mvnw -B verify, or -pl sample-app -am), which builds the agent module before sample-app");
        assertThat(app).as("the packaged app (failsafe runs after package)").isRegularFile();

        try (TestDatabase db = server.createDatabase("sample_agent")) {
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agent.toAbsolutePath(), "-Xmx256m", "-jar", app.toAbsolutePath().toString(),
                    "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                    "--spring.datasource.password=" + db.password(), "--spring.main.web-application-type=none",
                    "--spring.main.banner-mode=off", "--spring.profiles.active=unsafe",
                    // the starter off: the agent alone guards pgjdbc
                    "--spring.autoconfigure.exclude=io.pgsafe.spring.PgSafeAutoConfiguration",
                    "--logging.level.io.pgsafe=DEBUG"));
            Path output = Files.createTempFile("sample-agent", ".log");
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = child.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(ended).as("the app ended within 180 s; output:%n%s", log).isTrue();
            assertThat(child.exitValue()).as("the app did not start; output:%n%s", log).isNotZero();
            assertThat(log).as("output").contains("pgsafe agent ", "(premain;")
                    .contains("pgsafe blocked add-column-volatile-default on users")
                    .contains("Fix:")
                    .contains("pgsafe rewrote");
            assertThat(log).doesNotContain("io.pgsafe.spring");
            SampleAppEndToEndTest.assertUnsafeStoppedAtV101(db);
            Files.deleteIfExists(output);
        }
    }
}
