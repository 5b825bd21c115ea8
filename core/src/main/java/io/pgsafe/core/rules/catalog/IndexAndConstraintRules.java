package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Rule;
import java.util.List;

/** Indexes, constraints and partitions. */
public final class IndexAndConstraintRules {

    public static final List<Rule> RULES = List.of(
            new CreateIndexNotConcurrently(),
            new ConcurrentlyInTransaction(),
            new DropIndexNotConcurrently(),
            new ReindexNotConcurrently(),
            new ConcurrentIndexPg14Corruption(),
            new AddForeignKeyValidating(),
            new AddCheckValidating(),
            new ValidateInSameTransaction(),
            new SetNotNull(),
            new AddUniqueConstraint(),
            new AddPrimaryKey(),
            new AddExclusionConstraint(),
            new DetachPartitionNotConcurrently(),
            new AttachPartitionScan());

    private IndexAndConstraintRules() {
    }
}
