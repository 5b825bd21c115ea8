package io.pgsafe.core.rules;

import io.pgsafe.core.rules.catalog.ColumnAndTableRules;
import io.pgsafe.core.rules.catalog.IndexAndConstraintRules;
import io.pgsafe.core.rules.catalog.LintRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every rule pgsafe knows, in the order findings are reported. */
public final class RuleCatalog {

    private static final List<Rule> ALL = Stream.of(IndexAndConstraintRules.RULES, ColumnAndTableRules.RULES,
            LintRules.RULES).flatMap(List::stream).toList();

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
        return ALL.stream().map(Rule::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
