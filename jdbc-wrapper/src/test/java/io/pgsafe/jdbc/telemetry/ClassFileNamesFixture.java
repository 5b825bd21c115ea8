package io.pgsafe.jdbc.telemetry;

import io.pgsafe.jdbc.telemetry.renamed.Target;
import java.util.function.Supplier;

/**
 * {@code ClassFileNamesTest}'s class to rename: a reference to {@link Target}, and every constant-pool kind a
 * pgsafe class file holds, the two-slot Long and Double included, a Float, a lambda and a string concatenation.
 */
public final class ClassFileNamesFixture implements Supplier<String> {
    @Override
    public String get() {
        long big = System.nanoTime() > 0 ? 1L << 40 : 0;
        double ratio = big > 0 ? 2.5e300 : 0;
        float small = big > 0 ? 1.5e30f : 0;
        Supplier<String> lambda = Target::where;
        return lambda.get() + " " + big + " " + ratio + " " + small;
    }
}
