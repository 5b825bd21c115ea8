package io.pgsafe.cli;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.SignificantTokens;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementClass;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.core.sql.StatementSplitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Runs the engine over one migration file the way the file will run: in or out of a transaction. */
public final class FileChecker {

    /** {@code --in-transaction}: the file's conventions decide, or the user does. */
    public enum InTransaction { AUTO, ALWAYS, NEVER }

    private final Guard guard;
    private final PgVersion version;
    private final InTransaction override;
    private final Map<String, Rule> rulesById;

    public FileChecker(PgSafeConfig config, List<Rule> rules, PgVersion version, InTransaction override) {
        this.guard = new Guard(config, rules, true);
        this.version = version;
        this.override = override;
        this.rulesById = rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
    }

    /** @throws io.pgsafe.core.sql.SqlSyntaxException when the file does not lex */
    public CheckResult.FileResult check(String displayPath, Path path, String text) {
        List<ParsedStatement> parsed = new ArrayList<>();
        // each statement's class, read once here for the parse and kept for the judgement
        List<StatementClass> kinds = new ArrayList<>();
        List<SqlStatement> statements = StatementSplitter.split(text, SplitMode.MIGRATION_FILE,
                (statement, tokens) -> {
                    StatementClass kind = StatementClassifier.classify(statement.text());
                    kinds.add(kind);
                    parsed.add(parse(statement, tokens, kind));
                });
        boolean concurrently = parsed.stream().anyMatch(p -> !StatementLocks.canRunInTransaction(p));
        TransactionConventions conventions = TransactionConventions.of(path, text, concurrently);
        // Tables created earlier in the file are new for the rest of it, whatever the transactions.
        TransactionState file = new TransactionState();
        SessionFacts inside = new SessionFacts(version, true, file, SessionFacts.CatalogFacts.UNKNOWN);
        SessionFacts outside = new SessionFacts(version, false, file, SessionFacts.CatalogFacts.UNKNOWN);
        boolean explicitTransaction = false;
        List<CheckResult.StatementResult> results = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = statements.get(i);
            ParsedStatement p = parsed.get(i);
            if (!conventions.checked(statement)) {
                continue;
            }
            if (p instanceof ParsedStatement.TransactionControl tx) {
                explicitTransaction = tx.command() == TransactionCommand.BEGIN
                        || (explicitTransaction && tx.command() != TransactionCommand.COMMIT
                        && tx.command() != TransactionCommand.ROLLBACK);
            }
            boolean inTransaction = switch (override) {
                case ALWAYS -> true;
                case NEVER -> false;
                case AUTO -> explicitTransaction || conventions.inTransaction(statement);
            };
            List<CheckResult.Issue> issues = new ArrayList<>();
            StatementClass kind = kinds.get(i);
            if (kind != StatementClass.OTHER && kind != StatementClass.TRANSACTION_CONTROL) {
                Decision decision = guard.judge(statement, p, inTransaction ? inside : outside);
                List<Finding> findings = findingsOf(decision);
                for (int f = 0; f < findings.size(); f++) {
                    Finding finding = findings.get(f);
                    Rule rule = rulesById.get(finding.ruleId());
                    issues.add(new CheckResult.Issue(finding.ruleId(), rule.info().severity(), finding.message(),
                            finding.fix(), finding.table() == null ? null : finding.table().toString()));
                }
            }
            LockMode lock = StatementLocks.lockOf(p, version.versionNum());
            file.observe(p, lock, StatementLocks.tableOf(p));
            if (!inTransaction || (p instanceof ParsedStatement.TransactionControl tx
                    && (tx.command() == TransactionCommand.COMMIT || tx.command() == TransactionCommand.ROLLBACK))) {
                file.endTransaction();
            }
            results.add(new CheckResult.StatementResult(statement.line(), statement.column(), statement.text(),
                    inTransaction, issues));
        }
        return new CheckResult.FileResult(displayPath, results);
    }

    /** Only what the rules or the file state look at is parsed: queries and data loads are not. */
    private static ParsedStatement parse(SqlStatement statement, SignificantTokens tokens, StatementClass kind) {
        String text = statement.text();
        if (kind == StatementClass.OTHER
                && !StatementClassifier.matchesKeyword(text, 0, Math.min(3, text.length()), "set")) {
            return new ParsedStatement.Other(text, "");
        }
        return DdlParser.parse(statement, tokens);
    }

    private static List<Finding> findingsOf(Decision decision) {
        if (decision instanceof Decision.Block block) {
            return block.findings();
        }
        if (decision instanceof Decision.Rewrite rewrite) {
            return rewrite.findings();
        }
        if (decision instanceof Decision.Guard guard) {
            return guard.warnings();
        }
        return List.of();
    }
}
