package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement.AlterEnumAddValue;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.TableImpact;
import io.pgsafe.core.rules.VersionRange;
import java.util.List;
import java.util.Set;

/**
 * Before PostgreSQL 12 {@code ALTER TYPE … ADD VALUE} cannot run inside a transaction block (SQLSTATE
 * 25001). From 12 it can, but the new value cannot be used until the transaction commits (SQLSTATE 55P04)
 * (<a href="https://www.postgresql.org/docs/current/sql-altertype.html#SQL-ALTERTYPE-NOTES">ALTER TYPE notes</a>).
 * It locks the type, not a table.
 */
public final class AddEnumValueInTransaction implements Rule {

    public static final String ID = "add-enum-value-in-transaction";
    private static final RuleInfo INFO =
            RuleInfo.blocking(ID, LockMode.NONE, TableImpact.NONE, VersionRange.before(PgVersions.PG12));
    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(AlterEnumAddValue.class);

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
        if (!(context.statement() instanceof AlterEnumAddValue add) || !context.inTransaction()) {
            return;
        }
        String message = "ALTER TYPE " + add.type() + " ADD VALUE cannot run inside a transaction block before "
                + "PostgreSQL 12: the server would reject it with SQLSTATE 25001 and fail the whole migration";
        findings.add(Finding.of(this, add.type(), message, OutsideTransaction.fix("ALTER TYPE … ADD VALUE")
                .replace(", where pgsafe runs ALTER TYPE … ADD VALUE for you", "")));
    }
}
