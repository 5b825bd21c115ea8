package io.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.MigrationCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pgsafe check} over the real migrations of ../shared/pg-migrations-corpus (15 projects, read in
 * place): every file is checked without error, and no finding lands on a table the same file created
 * earlier.
 */
class CorpusCheckTest {

    private static Path corpus;

    @BeforeAll
    static void locateCorpus() {
        corpus = MigrationCorpus.directory().orElse(null);
        assumeTrue(corpus != null, "../shared/pg-migrations-corpus is absent: the corpus tests are skipped");
    }

    @Test
    void every_file_is_checked_and_no_finding_lands_on_a_table_created_earlier_in_it() {
        FileChecker checker = new FileChecker(PgSafeConfig.defaults(), RuleCatalog.all(), PgVersion.of(15, 0),
                FileChecker.InTransaction.AUTO);
        List<Path> files = MigrationCorpus.files(corpus);
        assertThat(files).hasSizeGreaterThanOrEqualTo(300);
        int findings = 0;
        List<String> onNewTables = new ArrayList<>();
        for (Path file : files) {
            String text = MigrationCorpus.read(file);
            CheckResult.FileResult result = checker.check(corpus.relativize(file).toString(), file, text);
            List<CreatedRelation> created = createdRelations(text);
            for (CheckResult.StatementResult statement : result.statements()) {
                for (CheckResult.Issue issue : statement.findings()) {
                    findings++;
                    if (issue.table() != null && createdBefore(created, issue.table(), statement.line())) {
                        onNewTables.add(result.path() + ":" + statement.line() + " " + issue.rule() + " on "
                                + issue.table());
                    }
                }
            }
        }
        assertThat(findings).as("the corpus has real hazards").isGreaterThan(100);
        assertThat(onNewTables).isEmpty();
    }

    private record CreatedRelation(QualifiedName name, int line) {
    }

    /** Relations the file creates, found independently of the checker's own state tracking. */
    private static List<CreatedRelation> createdRelations(String text) {
        List<CreatedRelation> created = new ArrayList<>();
        for (SqlStatement statement : StatementSplitter.split(text, SplitMode.MIGRATION_FILE)) {
            ParsedStatement parsed = DdlParser.parse(statement.text());
            if (parsed instanceof ParsedStatement.CreateTable table) {
                created.add(new CreatedRelation(table.table(), statement.line()));
            } else if (parsed instanceof ParsedStatement.CreateMaterializedView view) {
                created.add(new CreatedRelation(view.view(), statement.line()));
            }
        }
        return created;
    }

    private static boolean createdBefore(List<CreatedRelation> created, String table, int line) {
        QualifiedName name = table.contains(".")
                ? new QualifiedName(table.substring(0, table.indexOf('.')), table.substring(table.indexOf('.') + 1))
                : QualifiedName.of(table);
        return created.stream().anyMatch(c -> c.line() < line && c.name().matches(name));
    }
}
