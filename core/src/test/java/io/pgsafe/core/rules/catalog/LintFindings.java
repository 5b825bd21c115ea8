package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.SessionFacts;
import java.util.ArrayList;
import java.util.List;

/** Runs one rule on one statement, as {@code pgsafe check} would on a file. */
final class LintFindings {

    static final PgVersion PG17 = PgVersion.of(17, 2);

    private LintFindings() {
    }

    static List<Finding> of(Rule rule, String sql) {
        return of(rule, sql, SessionFacts.of(PG17, true));
    }

    static List<Finding> of(Rule rule, String sql, SessionFacts facts) {
        List<Finding> findings = new ArrayList<>();
        rule.check(new RuleContext(DdlParser.parse(sql), facts), findings);
        return findings;
    }
}
