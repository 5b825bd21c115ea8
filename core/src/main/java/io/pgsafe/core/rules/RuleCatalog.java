package io.pgsafe.core.rules;

import io.pgsafe.core.rules.catalog.ConcurrentlyInTransaction;
import io.pgsafe.core.rules.catalog.CreateIndexNotConcurrently;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every rule pgsafe knows, in the order findings are reported. */
public final class RuleCatalog {

    private static final List<Rule> ALL = List.of(
            new CreateIndexNotConcurrently(),
            new ConcurrentlyInTransaction());

    private RuleCatalog() {
    }

    public static List<Rule> all() {
        return ALL;
    }

    /** The rules enforced on live connections: all but the lint-only style rules. */
    public static List<Rule> runtimeRules() {
        return ALL.stream().filter(r -> !r.info().lintOnly()).toList();
    }

    public static Set<String> ids() {
        return ALL.stream().map(Rule::id).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
