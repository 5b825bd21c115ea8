package io.pgsafe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.MigrationCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the real-migration corpus parses without throwing, and every CREATE INDEX, ALTER TABLE
 * and CREATE TABLE becomes its record rather than {@code Other}.
 */
class CorpusParseTest {

    private static final Pattern CREATE_INDEX = Pattern.compile("(?is)create\\s+(unique\\s+)?index\\b.*");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)alter\\s+table\\b.*");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?is)create\\s+((global|local)\\s+)?((temp|temporary|unlogged)\\s+)?table\\b.*");

    private static final Pattern KNOWN_ACTION = Pattern.compile(
            "(?is)(add|drop|alter(?!\\s+constraint)|rename|validate|attach|detach"
                    + "|set\\s+(tablespace|logged|unlogged|schema)|(enable|disable)\\s+((always|replica)\\s+)?trigger)"
                    + "\\b.*");

    private static Path corpus;

    @BeforeAll
    static void locateCorpus() {
        corpus = MigrationCorpus.directory().orElse(null);
        assumeTrue(corpus != null, "../shared/pg-migrations-corpus is absent: the corpus tests are skipped");
    }

    @Test
    void every_statement_parses_and_ddl_becomes_its_record() {
        List<String> misses = new ArrayList<>();
        int statements = 0;
        int ddl = 0;
        for (Path file : MigrationCorpus.files(corpus)) {
            for (SqlStatement statement : StatementSplitter.split(MigrationCorpus.read(file), SplitMode.MIGRATION_FILE)) {
                statements++;
                String text = statement.text();
                ParsedStatement parsed = DdlParser.parse(text);
                assertThat(parsed).isNotNull();
                assertThat(parsed.text()).isEqualTo(text);
                Class<?> expected = expectedRecord(text);
                if (expected != null) {
                    ddl++;
                    String problem = !expected.isInstance(parsed) ? "Other" : problem(parsed);
                    if (problem != null) {
                        misses.add(corpus.relativize(file) + ":" + statement.line() + ": " + problem + ": "
                                + oneLine(text));
                    }
                }
            }
        }
        System.out.printf("corpus: %d statements, %d CREATE INDEX/ALTER TABLE/CREATE TABLE, %d misses%n",
                statements, ddl, misses.size());
        assertThat(statements).isGreaterThan(1000);
        assertThat(misses).isEmpty();
    }

    /** What a parsed DDL statement got visibly wrong, or null. */
    private static String problem(ParsedStatement parsed) {
        if (parsed instanceof ParsedStatement.CreateIndex index) {
            if (index.table() == null || index.columns().isEmpty()) {
                return "index without table or columns";
            }
        } else if (parsed instanceof ParsedStatement.AlterTable alter) {
            if (alter.actions().isEmpty()) {
                return "no actions";
            }
            for (AlterTableAction action : alter.actions()) {
                if (action instanceof AlterTableAction.Other other && KNOWN_ACTION.matcher(other.text()).matches()) {
                    return "known action read as Other [" + oneLine(other.text()) + "]";
                }
                if (action instanceof AlterTableAction.AddColumn add
                        && (add.column().name() == null || add.column().type().isEmpty())) {
                    return "column without name or type";
                }
            }
        } else if (parsed instanceof ParsedStatement.CreateTable create) {
            for (ColumnDefinition column : create.columns()) {
                if (column.name() == null || (column.type().isEmpty() && create.partitionOf() == null)) {
                    return "column without name or type";
                }
            }
        }
        return null;
    }

    private static Class<?> expectedRecord(String text) {
        if (CREATE_INDEX.matcher(text).matches()) {
            return ParsedStatement.CreateIndex.class;
        }
        if (ALTER_TABLE.matcher(text).matches()) {
            return ParsedStatement.AlterTable.class;
        }
        if (CREATE_TABLE.matcher(text).matches()) {
            return ParsedStatement.CreateTable.class;
        }
        return null;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
