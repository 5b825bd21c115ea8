package io.pgsafe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent jar ({@code target/pgsafe-agent.jar}, built by the shade step at {@code package}) in child JVMs running a
 * plain {@code jdbc:postgresql:} program ({@link io.pgsafe.agent.child.AgentProbe}).
 */
@PostgresTest
class AgentIT {
    private static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    private static void assertAllChecksPassed(ChildJvm.Result result, String... expectedChecks) {
        System.out.println(result.output());
        assertThat(result.lines("CHECK ")).as(result.output()).allMatch(l -> l.endsWith(" ok"));
        for (String check : expectedChecks) {
            assertThat(result.lines("CHECK ")).as(result.output()).contains("CHECK " + check + " ok");
        }
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static final String[] PLAIN_CHECKS = {"blocked-in-transaction", "blocked-after-begin",
        "queries-unaffected", "prepared-blocked", "callable-blocked", "generated-keys-blocked", "batch-blocked",
        "generated-keys-work", "batch-works", "rewritten-in-autocommit", "datasource-blocked"};

    @Test
    void plainProgramIsGuarded(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ChildJvm.JAVA, List.of(ChildJvm.agent()), ChildJvm.probeWithPgjdbc(), db,
                "plain");
        assertAllChecksPassed(result, PLAIN_CHECKS);
        assertThat(result.output()).contains("pgsafe agent 0.1.0-SNAPSHOT (premain")
                .contains("pgsafe.mode=enforce (from default)")
                .contains("pgsafe rewrote CREATE INDEX items")
                .doesNotContain("could not instrument");
    }
}
