package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.MigrationCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LintRulesTest {

    private static final List<String> IDS = List.of("prefer-bigint", "prefer-text", "prefer-timestamptz",
            "prefer-identity", "ban-char-type", "require-timeouts");

    @Test
    void the_lint_rules_are_registered_and_lint_only() {
        assertThat(LintRules.RULES).extracting(Rule::id).containsExactlyElementsOf(IDS);
        assertThat(LintRules.RULES).allSatisfy(rule -> assertThat(rule.info().lintOnly()).isTrue());
        assertThat(RuleCatalog.ids()).containsAll(IDS);
        assertThat(RuleCatalog.runtimeRules()).extracting(Rule::id).doesNotContainAnyElementsOf(IDS);
    }

    @Test
    void each_lint_rule_has_its_page() {
        Path docs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs").resolve("rules"))) {
                docs = dir.resolve("docs").resolve("rules");
                break;
            }
        }
        assertThat(docs).isNotNull();
        for (String id : IDS) {
            assertThat(docs.resolve(id + ".md")).exists().content().contains("pgsafe:allow " + id);
        }
    }

    @Test
    void the_lint_rules_never_throw_on_the_corpus() {
        Optional<Path> corpus = MigrationCorpus.directory();
        if (corpus.isEmpty()) {
            return;
        }
        int findings = 0;
        for (Path file : MigrationCorpus.files(corpus.get())) {
            SessionFacts facts = SessionFacts.of(LintFindings.PG17, true);
            for (SqlStatement statement : StatementSplitter.split(MigrationCorpus.read(file), SplitMode.MIGRATION_FILE)) {
                RuleContext context = new RuleContext(DdlParser.parse(statement.text()), facts);
                List<Finding> found = new ArrayList<>();
                for (Rule rule : LintRules.RULES) {
                    rule.check(context, found);
                }
                findings += found.size();
            }
        }
        assertThat(findings).isPositive();
    }
}
