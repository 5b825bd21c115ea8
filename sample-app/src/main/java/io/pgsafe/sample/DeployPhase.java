package io.pgsafe.sample;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Which app release is running, named by the last migration it was written for. The expand-migrate-contract
 * rename of {@code users.email} to {@code users.email_address} needs the app to change between deploys:
 * <ol>
 *   <li>V1: writes and reads {@code email};</li>
 *   <li>V2, V3: writes both columns (dual writes), reads {@code email}; V3 backfills old rows;</li>
 *   <li>V4: reads {@code email_address} (indexed concurrently by V4), still writes both;</li>
 *   <li>V5 and later: writes only {@code email_address} (V5 made {@code email} nullable); V6 drops {@code email}.</li>
 * </ol>
 * A normal start migrates everything and runs the last release; the demo steps through the deploys.
 */
@Component
public class DeployPhase {
    public static final int LATEST = Integer.MAX_VALUE;

    private final AtomicInteger release = new AtomicInteger(LATEST);

    public int release() {
        return release.get();
    }

    public void set(int migrationVersion) {
        release.set(migrationVersion);
    }

    boolean writesEmail() {
        return release() < 5;
    }

    boolean writesEmailAddress() {
        return release() >= 2;
    }

    boolean readsEmailAddress() {
        return release() >= 4;
    }
}
