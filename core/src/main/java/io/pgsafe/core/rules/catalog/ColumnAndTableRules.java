package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Rule;
import java.util.List;

/** Columns, whole tables and data changes. */
public final class ColumnAndTableRules {

    public static final List<Rule> RULES = List.of(
            new AddColumnVolatileDefault(),
            new AddColumnRequired(),
            new AddColumnStoredGenerated(),
            new AddColumnSerial(),
            new AlterColumnType(),
            new RenameColumn(),
            new RenameTable(),
            new DropColumn(),
            new DropTable(),
            new Truncate(),
            new WholeTableDml(),
            new VacuumFull(),
            new Cluster(),
            new LockTable(),
            new SetTablespace(),
            new SetLoggedUnlogged(),
            new RefreshMatviewNotConcurrently(),
            new AddEnumValueInTransaction(),
            new CreateTrigger());

    private ColumnAndTableRules() {
    }
}
