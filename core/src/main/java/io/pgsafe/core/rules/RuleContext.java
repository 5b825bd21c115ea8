package io.pgsafe.core.rules;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.ParsedStatement;

/** The statement under judgement and what is known around it. */
public record RuleContext(ParsedStatement statement, SessionFacts facts) {

    public PgVersion version() {
        return facts.serverVersion();
    }

    public boolean atLeast(int versionNum) {
        return facts.serverVersion().versionNum() >= versionNum;
    }

    public boolean inTransaction() {
        return facts.inTransaction();
    }
}
