package io.pgsafe.sample;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * The pgsafe sample app: users over HTTP, with Flyway (or, with profile {@code liquibase}, Liquibase) migrations
 * that rename {@code email} to {@code email_address} the expand-migrate-contract way, through a DataSource the
 * pgsafe starter wraps.
 *
 * <pre>
 * java -jar pgsafe-sample-app.jar              the app (embedded PostgreSQL unless spring.datasource.url / PGSAFE_DEMO_URL)
 * java -jar pgsafe-sample-app.jar demo         the whole demo (see Demo)
 * java -jar pgsafe-sample-app.jar lock-queue   only the lock-queue scene, on plain pgjdbc (run it with and without the agent)
 * </pre>
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(new Demo().run());
        } else if (args.length > 0 && args[0].equals("lock-queue")) {
            System.exit(LockQueueScene.runStandalone());
        } else {
            SpringApplication.run(SampleApplication.class, args);
        }
    }

    /**
     * With {@code sample.flyway.step-by-step=true} Boot does not migrate at start: the demo applies one deploy at a
     * time through the same Flyway bean (and so through pgsafe) while load runs.
     */
    @Bean
    @ConditionalOnProperty(name = "sample.flyway.step-by-step", havingValue = "true")
    FlywayMigrationStrategy stepByStep() {
        return flyway -> { };
    }

    static String[] rest(String[] args) {
        return args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    }
}
