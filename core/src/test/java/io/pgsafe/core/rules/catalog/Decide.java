package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.StatementSplitter;
import java.util.List;

/** Runs the runtime guard with default configuration, as the rule tests need it. */
final class Decide {

    static final PgVersion PG17 = PgVersion.of(17, 2);

    private Decide() {
    }

    static Decision autocommit(String sql) {
        return decide(sql, PG17, false);
    }

    static Decision inTransaction(String sql) {
        return decide(sql, PG17, true);
    }

    static Decision decide(String sql, PgVersion version, boolean inTransaction) {
        return decide(sql, SessionFacts.of(version, inTransaction));
    }

    static Decision decide(String sql, SessionFacts facts) {
        return new Guard(PgSafeConfig.defaults()).decide(StatementSplitter.split(sql).get(0), facts);
    }

    static Decision decide(String sql, PgVersion version, boolean inTransaction, SessionFacts.CatalogFacts catalog) {
        return decide(sql, new SessionFacts(version, inTransaction, new TransactionState(), catalog));
    }

    /** The SQL of a rewrite's steps, in order. */
    static List<String> steps(Decision decision) {
        return ((Decision.Rewrite) decision).steps().stream().map(PlanStep::sql).toList();
    }

    /** The rule ids a decision blocked, warned or rewrote for. */
    static List<String> ruleIds(Decision decision) {
        if (decision instanceof Decision.Block block) {
            return block.findings().stream().map(f -> f.ruleId()).toList();
        }
        if (decision instanceof Decision.Rewrite rewrite) {
            return rewrite.findings().stream().map(f -> f.ruleId()).toList();
        }
        if (decision instanceof Decision.Guard guard) {
            return guard.warnings().stream().map(f -> f.ruleId()).toList();
        }
        return List.of();
    }

    static String message(Decision decision) {
        return ((Decision.Block) decision).message();
    }
}
