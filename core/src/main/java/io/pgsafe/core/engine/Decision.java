package io.pgsafe.core.engine;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.PlanStep;
import java.util.List;

/**
 * What to do with one statement: ALLOW (not DDL: the hot path), GUARD (run with timeouts), WARN (run with
 * timeouts and report), REWRITE (run a plan that reaches the same schema safely) or BLOCK (never send).
 */
public sealed interface Decision {

    /** The value of the span attribute {@code pgsafe.action}. */
    String action();

    /** Statements that do not need pgsafe: sent as they are, with nothing added. */
    record Allow() implements Decision {
        public static final Allow INSTANCE = new Allow();

        @Override
        public String action() {
            return "allowed";
        }
    }

    /**
     * Run the statement as written under timeouts chosen by its lock.
     *
     * @param warnings findings reported but not enforced (WARN)
     * @param allowed  findings an allow comment waived, with its reason
     */
    record Guard(ParsedStatement statement, QualifiedName table, LockMode lock, boolean longRunning,
                 List<Finding> warnings, List<AllowedFinding> allowed) implements Decision {
        public Guard {
            warnings = List.copyOf(warnings);
            allowed = List.copyOf(allowed);
        }

        @Override
        public String action() {
            if (!warnings.isEmpty()) {
                return "warned";
            }
            return allowed.isEmpty() ? "guarded" : "allowed-by-comment";
        }
    }

    /** Run {@code steps} in place of the statement, each under its own timeouts. */
    record Rewrite(ParsedStatement statement, QualifiedName table, LockMode originalLock, List<PlanStep> steps,
                   List<Finding> findings, List<AllowedFinding> allowed) implements Decision {
        public Rewrite {
            steps = List.copyOf(steps);
            findings = List.copyOf(findings);
            allowed = List.copyOf(allowed);
        }

        @Override
        public String action() {
            return "rewritten";
        }

        /** Whether every step may run inside a transaction block. */
        public boolean transactional() {
            return steps.stream().allMatch(PlanStep::transactional);
        }
    }

    /** Never send the statement; {@link #message()} says why and what to do. */
    record Block(ParsedStatement statement, List<Finding> findings) implements Decision {
        public Block {
            findings = List.copyOf(findings);
        }

        @Override
        public String action() {
            return "blocked";
        }

        /**
         * {@code pgsafe blocked <rule-id> on <table>: <why>. Fix: <steps>. To allow: -- pgsafe:allow <rule-id>
         * <reason>}, one such paragraph per finding.
         */
        public String message() {
            StringBuilder out = new StringBuilder();
            for (Finding f : findings) {
                if (out.length() > 0) {
                    out.append("\n");
                }
                out.append("pgsafe blocked ").append(f.ruleId()).append(" on ").append(f.tableName()).append(": ")
                        .append(stripPeriod(f.message())).append(". Fix: ").append(stripPeriod(f.fix()))
                        .append(". To allow: -- pgsafe:allow ").append(f.ruleId()).append(" <reason>");
            }
            return out.toString();
        }

        private static String stripPeriod(String s) {
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
    }

    /** A finding an allow comment waived. */
    record AllowedFinding(Finding finding, String reason) {
    }
}
