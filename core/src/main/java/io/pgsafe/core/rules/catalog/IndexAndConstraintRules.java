package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Rule;
import java.util.List;

/** Indexes, constraints and partitions. */
public final class IndexAndConstraintRules {

    public static final List<Rule> RULES = List.of(
            new CreateIndexNotConcurrently(),
            new ConcurrentlyInTransaction());

    private IndexAndConstraintRules() {
    }
}
