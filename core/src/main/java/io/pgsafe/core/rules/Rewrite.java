package io.pgsafe.core.rules;

import java.util.List;

/**
 * A rule's exact safe equivalent for the statement (or, in an ALTER TABLE, for one action).
 *
 * @param before      steps to run first
 * @param replacement the statement (or the action) to run in place of the original; null to drop the
 *                    action from the ALTER TABLE because {@code before}/{@code after} carry it out
 * @param after       steps to run after it
 */
public record Rewrite(List<PlanStep> before, String replacement, List<PlanStep> after) {

    public Rewrite {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    public static Rewrite replaceWith(String replacement) {
        return new Rewrite(List.of(), replacement, List.of());
    }

    /** Whether every step may run inside a transaction block. */
    public boolean transactional() {
        return before.stream().allMatch(PlanStep::transactional) && after.stream().allMatch(PlanStep::transactional);
    }
}
