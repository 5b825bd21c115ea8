package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleContext;
import java.util.List;
import java.util.Set;

/** A rule about one kind of ALTER TABLE action: each action of the statement is judged on its own. */
abstract class PerActionRule implements Rule {

    private static final Set<Class<? extends ParsedStatement>> JUDGES = Set.of(AlterTable.class);

    @Override
    public final Set<Class<? extends ParsedStatement>> judges() {
        return JUDGES;
    }

    @Override
    public final void check(RuleContext context, List<Finding> findings) {
        if (!(context.statement() instanceof AlterTable alter) || !appliesTo(alter.objectType())) {
            return;
        }
        for (int i = 0; i < alter.actions().size(); i++) {
            Finding finding = check(context, alter, alter.actions().get(i));
            if (finding != null) {
                findings.add(finding.forAction(i));
            }
        }
    }

    /** ALTER TABLE only, unless the rule says otherwise (a materialized view can change tablespace, too). */
    boolean appliesTo(String objectType) {
        return "TABLE".equals(objectType);
    }

    /** The finding for this action, or null when it is safe. */
    abstract Finding check(RuleContext context, AlterTable alter, AlterTableAction action);
}
