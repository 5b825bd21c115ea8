package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.Drop;
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
 * {@code DROP TABLE} takes ACCESS EXCLUSIVE on the table and on every table it references by foreign key (to
 * drop the FK triggers), and breaks every client that still uses it. Exempt for a table created in the same
 * transaction.
 */
public final class DropTable implements Rule {

    public static final String ID = "drop-table";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.ACCESS_EXCLUSIVE, TableImpact.BREAKS_CLIENTS, VersionRange.ALL);
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(Drop.class);

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
        if (!(context.statement() instanceof Drop drop) || !"TABLE".equals(drop.objectType())) {
            return;
        }
        for (QualifiedName table : drop.names()) {
            if (context.facts().isNewTable(table)) {
                continue;
            }
            String message = "DROP TABLE takes an ACCESS EXCLUSIVE lock on " + table + " and on every table it "
                    + "references by foreign key" + (drop.cascade() ? ", drops what depends on it (CASCADE)" : "")
                    + ", and every running application instance that still uses " + table + " fails from its commit";
            String fix = "stop using " + table + " in the code first (remove the entity, repository and queries), "
                    + "deploy that everywhere, then run DROP TABLE " + table.toSql() + " with -- pgsafe:allow " + ID
                    + " <reason>";
            findings.add(Finding.of(this, table, message, fix));
        }
    }
}
