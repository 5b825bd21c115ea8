package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.StatementLocks;
import java.util.List;
import java.util.Set;

/**
 * A migration file that takes SHARE or a stronger lock on an existing table without having set
 * {@code lock_timeout} first. A DDL statement that waits for its lock sits in the lock queue, and every later
 * query on the table queues behind it, reads included for ACCESS EXCLUSIVE: one long transaction elsewhere
 * turns a millisecond ALTER into an outage
 * (<a href="https://www.postgresql.org/docs/current/explicit-locking.html">13.3</a>). With a
 * {@code lock_timeout} it fails fast and can be retried. At runtime pgsafe sets the timeouts itself; this rule
 * is for files run by other tools ({@code pgsafe check}).
 *
 * <p>Reads the file's state from {@link io.pgsafe.core.rules.TransactionState#hasSetParameter}, which the
 * caller feeds every statement of the file through {@code observe} (a plain SET holds to the end of the file,
 * SET LOCAL until COMMIT; a value of 0 or DEFAULT does not count). Tables created earlier in the file are
 * exempt (the engine skips findings on them). Reported on every such statement until a timeout is set.
 * Anchor: squawk {@code require-timeout-settings}, hazards H34/H35.
 */
public final class RequireTimeouts implements Rule {

    public static final String ID = "require-timeouts";
    private static final RuleInfo INFO = RuleInfo.lint(ID);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    /** Only a statement that can take SHARE or a stronger lock makes other queries queue behind it. */
    @Override
    public Set<Class<? extends ParsedStatement>> judges() {
        return StatementLocks.MAY_LOCK_STRONGLY;
    }

    @Override
    public void check(RuleContext context, List<Finding> findings) {
        LockMode lock = StatementLocks.lockOf(context.statement(), context.version().versionNum());
        QualifiedName table = StatementLocks.tableOf(context.statement());
        if (context.statement() instanceof ParsedStatement.CreateTable) {
            return; // a new table: nobody else waits on it
        }
        if (table == null || !lock.isAtLeast(LockMode.SHARE)
                || context.facts().transaction().hasSetParameter("lock_timeout")) {
            return;
        }
        findings.add(Finding.of(this, table, context.statement().summary() + " takes " + lock.asPhrase()
                        + " on " + table + " and this file has not set lock_timeout: while it waits for the "
                        + "lock, every later query on " + table + " waits behind it",
                "start the file with SET lock_timeout = '2s' (and SET statement_timeout = '5s' for catalog-only "
                        + "changes), and retry the migration if it times out"));
    }
}
