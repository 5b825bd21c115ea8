package io.pgsafe.core.engine;

import io.pgsafe.core.config.Mode;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.RuleAction;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.RuleInfo;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.StatementTypes;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementClass;
import io.pgsafe.core.sql.StatementClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * The engine's one entry point: decides what to do with a statement from its text, the session's facts and
 * the configuration. Pure and thread-safe; the caller carries the decision out and then tells the session's
 * {@link io.pgsafe.core.rules.TransactionState} what ran.
 */
public final class Guard {

    private final PgSafeConfig config;
    private final List<Rule> rules;
    /**
     * Each rule's info and its action under this configuration, by the rule's index in {@code rules}: read
     * once here, not through 41 different classes for every statement.
     */
    private final RuleInfo[] infos;
    private final RuleAction[] actions;
    /**
     * For each kind of statement, the indexes in {@code rules} of the rules that judge it
     * ({@link Rule#judges()}) and are not turned off, in order: a statement meets only those, not every rule.
     */
    private final Map<Class<?>, int[]> rulesByType;
    private final boolean judgeEveryDataChange;

    /** The runtime guard: UPDATE/DELETE are looked at only inside a transaction that took a strong lock. */
    public Guard(PgSafeConfig config) {
        this(config, RuleCatalog.runtimeRules(), false);
    }

    /**
     * @param judgeEveryDataChange true for migration files, where any whole-table UPDATE or DELETE is a
     *                             backfill worth flagging
     */
    public Guard(PgSafeConfig config, List<Rule> rules, boolean judgeEveryDataChange) {
        this.config = config;
        this.rules = List.copyOf(rules);
        this.infos = this.rules.stream().map(Rule::info).toArray(RuleInfo[]::new);
        this.actions = this.rules.stream()
                .map(rule -> config.ruleAction(rule.id()).orElse(rule.info().defaultAction()))
                .toArray(RuleAction[]::new);
        Map<Class<?>, int[]> byType = new HashMap<>();
        for (Class<? extends ParsedStatement> type : StatementTypes.ALL) {
            byType.put(type, IntStream.range(0, this.rules.size())
                    .filter(r -> actions[r] != RuleAction.OFF && this.rules.get(r).judges().contains(type))
                    .toArray());
        }
        this.rulesByType = Map.copyOf(byType);
        this.judgeEveryDataChange = judgeEveryDataChange;
    }

    public PgSafeConfig config() {
        return config;
    }

    public Decision decide(SqlStatement statement, SessionFacts facts) {
        if (config.mode() == Mode.OFF) {
            return Decision.Allow.INSTANCE;
        }
        StatementClass kind = StatementClassifier.classify(statement.text());
        if (kind == StatementClass.OTHER || kind == StatementClass.TRANSACTION_CONTROL) {
            return Decision.Allow.INSTANCE;
        }
        if ((kind == StatementClass.UPDATE || kind == StatementClass.DELETE) && !judgeEveryDataChange
                && !facts.transaction().holdsStrongLock()) {
            return Decision.Allow.INSTANCE;
        }
        return judge(statement, DdlParser.parse(statement.text()), facts);
    }

    /** Decides a statement already parsed (the CLI parses every statement anyway). */
    public Decision judge(SqlStatement statement, ParsedStatement parsed, SessionFacts facts) {
        int version = facts.serverVersion().versionNum();
        LockMode lock = StatementLocks.lockOf(parsed, version);
        QualifiedName table = StatementLocks.tableOf(parsed);
        Map<String, String> allowComments = AllowComments.of(statement);

        // Allocated when first needed: most statements of a migration file have no finding at all.
        List<Finding> blocking = null;
        List<Finding> rewriting = null;
        List<Finding> warnings = null;
        List<Decision.AllowedFinding> allowed = null;
        List<Finding> found = null;
        RuleContext context = new RuleContext(parsed, facts);
        int[] judging = rulesByType.get(parsed.getClass());
        for (int j = 0; j < judging.length; j++) {
            int r = judging[j];
            Rule rule = rules.get(r);
            RuleInfo info = infos[r];
            if (!info.versions().contains(facts.serverVersion())) {
                continue;
            }
            RuleAction action = actions[r];
            if (found == null) {
                found = new ArrayList<>();
            } else {
                found.clear();
            }
            rule.check(context, found);
            for (int f = 0; f < found.size(); f++) {
                Finding finding = found.get(f);
                if (exempt(info, finding, facts)) {
                    continue;
                }
                if (allowComments.containsKey(info.id())) {
                    allowed = add(allowed, new Decision.AllowedFinding(finding, allowComments.get(info.id())));
                } else if (config.mode() == Mode.WARN || action == RuleAction.WARN) {
                    warnings = add(warnings, finding);
                } else if (action == RuleAction.REWRITE && finding.rewrite() != null && config.rewrite()) {
                    rewriting = add(rewriting, finding);
                } else {
                    blocking = add(blocking, finding);
                }
            }
        }
        if (allowed == null) {
            allowed = List.of();
        }
        if (blocking != null) {
            return new Decision.Block(parsed, blocking);
        }
        if (rewriting != null) {
            return new Decision.Rewrite(parsed, table, lock, RewritePlanner.plan(parsed, rewriting), rewriting,
                    allowed);
        }
        return new Decision.Guard(parsed, table, lock, StatementLocks.isLongByDesign(parsed),
                warnings == null ? List.of() : warnings, allowed);
    }

    private static <T> List<T> add(List<T> list, T element) {
        List<T> out = list == null ? new ArrayList<>() : list;
        out.add(element);
        return out;
    }

    /**
     * Lock hazards vanish on a table created in this transaction (nobody else can see it) and, when
     * configured, on a table estimated smaller than {@code pgsafe.small-table-rows}/{@code -bytes}.
     */
    private boolean exempt(RuleInfo info, Finding finding, SessionFacts facts) {
        if (!info.exemptOnNewTables() || finding.table() == null) {
            return false;
        }
        if (facts.isNewTable(finding.table())) {
            return true;
        }
        return below(config.smallTableRows(), facts.catalog().estimatedRows(finding.table()))
                || below(config.smallTableBytes(), facts.catalog().estimatedBytes(finding.table()));
    }

    private static boolean below(OptionalLong limit, OptionalLong estimate) {
        return limit.isPresent() && estimate.isPresent() && estimate.getAsLong() >= 0
                && estimate.getAsLong() < limit.getAsLong();
    }
}
