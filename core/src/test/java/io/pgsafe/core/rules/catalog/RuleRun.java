package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.SessionFacts.CatalogFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.TransactionState;
import java.util.ArrayList;
import java.util.List;

/** Runs one rule on one statement, as the engine would, without the engine's exemptions. */
final class RuleRun {

    static final int PG10 = 100_023;
    static final int PG11 = 110_000;
    static final int PG12 = 120_000;
    static final int PG17 = 170_002;
    static final int PG18 = 180_000;

    private RuleRun() {
    }

    static List<Finding> check(Rule rule, String sql) {
        return check(rule, sql, facts(PG17, true));
    }

    static List<Finding> check(Rule rule, String sql, int versionNum) {
        return check(rule, sql, facts(versionNum, true));
    }

    static List<Finding> check(Rule rule, String sql, SessionFacts facts) {
        List<Finding> findings = new ArrayList<>();
        rule.check(new RuleContext(DdlParser.parse(sql), facts), findings);
        return findings;
    }

    static SessionFacts facts(int versionNum, boolean inTransaction) {
        return new SessionFacts(new PgVersion(versionNum), inTransaction, new TransactionState(), CatalogFacts.UNKNOWN);
    }

    static SessionFacts facts(int versionNum, CatalogFacts catalog) {
        return new SessionFacts(new PgVersion(versionNum), true, new TransactionState(), catalog);
    }

    /** Facts of a transaction that already ran {@code earlier} (e.g. a CREATE TABLE or an ALTER TABLE). */
    static SessionFacts after(String earlier) {
        TransactionState state = new TransactionState();
        ParsedStatement parsed = DdlParser.parse(earlier);
        QualifiedName table = StatementLocks.tableOf(parsed);
        state.observe(parsed, StatementLocks.lockOf(parsed, PG17), table);
        return new SessionFacts(new PgVersion(PG17), true, state, CatalogFacts.UNKNOWN);
    }
}
