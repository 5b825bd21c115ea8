package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * An explicit {@code LOCK TABLE} in SHARE mode or stronger (ACCESS EXCLUSIVE when no mode is written) blocks
 * writes, or reads too, until the transaction ends
 * (<a href="https://www.postgresql.org/docs/current/sql-lock.html">LOCK</a>). A warning: the lock is asked for
 * on purpose, and pgsafe still sets a lock timeout before it; the finding carries the mode written.
 */
public final class LockTable implements Rule {

    public static final String ID = "lock-table";
    private static final RuleInfo INFO =
            RuleInfo.warning(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.NONE, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(ParsedStatement.LockTable.class);

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public Set<Class<? extends ParsedStatement>> judges() {
        return JUDGES;
    }

    @Override
    public void check(RuleContext context, List<Finding> findings) {
        if (!(context.statement() instanceof io.pgsafe.core.model.ParsedStatement.LockTable lock)
                || !lock.mode().blocksWrites() || lock.tables().isEmpty()) {
            return;
        }
        QualifiedName table = lock.tables().get(0);
        String blocks = lock.mode().blocksReads() ? "every read and write" : "every INSERT, UPDATE and DELETE";
        String message = "LOCK TABLE takes " + lock.mode().sqlName() + " on " + String.join(", ",
                lock.tables().stream().map(QualifiedName::toString).toList()) + ", blocking " + blocks
                + " until the transaction ends, and everything after it in the transaction runs under that lock";
        String fix = "take the weakest mode that protects what you do (SHARE UPDATE EXCLUSIVE keeps reads and writes "
                + "going; row locks with SELECT … FOR UPDATE often suffice), keep the transaction short, and put "
                + "nothing slow after the LOCK";
        findings.add(new Finding(ID, table, lock.mode(), message, fix, null, -1));
    }
}
