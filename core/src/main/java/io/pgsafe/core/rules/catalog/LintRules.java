package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Rule;
import java.util.List;

/** Lint-only style rules for migration files, and file-level checks. */
public final class LintRules {

    public static final List<Rule> RULES = List.of(
            new PreferBigint(),
            new PreferText(),
            new PreferTimestamptz(),
            new PreferIdentity(),
            new BanCharType(),
            new RequireTimeouts());

    private LintRules() {
    }
}
