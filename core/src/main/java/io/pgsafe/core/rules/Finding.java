package io.pgsafe.core.rules;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.QualifiedName;

/**
 * One hazard found in one statement.
 *
 * @param ruleId      the rule that found it
 * @param table       the table it concerns, or null
 * @param lock        the lock the statement takes there
 * @param message     what lock, on what, for how long and why it hurts
 * @param fix         the safe steps
 * @param rewrite     the exact safe equivalent, or null when there is none (or the context forbids it)
 * @param actionIndex for an ALTER TABLE, the index of the action it concerns; -1 for the whole statement
 */
public record Finding(String ruleId, QualifiedName table, LockMode lock, String message, String fix,
                      Rewrite rewrite, int actionIndex) {

    public static Finding of(Rule rule, QualifiedName table, String message, String fix) {
        return new Finding(rule.id(), table, rule.info().lock(), message, fix, null, -1);
    }

    public Finding withRewrite(Rewrite newRewrite) {
        return new Finding(ruleId, table, lock, message, fix, newRewrite, actionIndex);
    }

    public Finding forAction(int index) {
        return new Finding(ruleId, table, lock, message, fix, rewrite, index);
    }

    public String tableName() {
        return table == null ? "(no table)" : table.toString();
    }
}
