package io.pgsafe.core.engine;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.Rewrite;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the rules' rewrites of one statement together into the steps to run. A whole-statement rewrite
 * replaces the statement; in an ALTER TABLE each action keeps its place, replaced where a rule rewrote it,
 * with every rule's steps before and after the remaining statement.
 */
final class RewritePlanner {

    private RewritePlanner() {
    }

    static List<PlanStep> plan(ParsedStatement statement, List<Finding> rewriting) {
        List<PlanStep> before = new ArrayList<>();
        List<PlanStep> after = new ArrayList<>();
        String main;
        if (statement instanceof ParsedStatement.AlterTable alter && rewriting.stream().allMatch(f -> f.actionIndex() >= 0)) {
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < alter.actions().size(); i++) {
                AlterTableAction action = alter.actions().get(i);
                Rewrite rewrite = rewriteFor(rewriting, i);
                if (rewrite == null) {
                    actions.add(action.text());
                    continue;
                }
                before.addAll(rewrite.before());
                after.addAll(rewrite.after());
                if (rewrite.replacement() != null) {
                    actions.add(rewrite.replacement());
                }
            }
            main = actions.isEmpty() ? null : alter.head() + " " + String.join(", ", actions);
        } else {
            Rewrite rewrite = rewriting.get(0).rewrite();
            before.addAll(rewrite.before());
            after.addAll(rewrite.after());
            main = rewrite.replacement();
        }
        List<PlanStep> steps = new ArrayList<>(before);
        if (main != null) {
            steps.add(PlanStep.of(main, "the statement, in its safe form"));
        }
        steps.addAll(after);
        return steps;
    }

    private static Rewrite rewriteFor(List<Finding> rewriting, int actionIndex) {
        for (Finding finding : rewriting) {
            if (finding.actionIndex() == actionIndex) {
                return finding.rewrite();
            }
        }
        return null;
    }
}
