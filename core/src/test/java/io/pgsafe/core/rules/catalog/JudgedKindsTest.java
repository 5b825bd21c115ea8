package io.pgsafe.core.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.Finding;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.RuleContext;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.StatementLocks;
import io.pgsafe.core.rules.StatementTypes;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.SplitMode;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.MigrationCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine calls a rule only for the kinds of statement it {@link Rule#judges()}: a rule must find nothing in
 * any other kind, or the engine would silently lose its findings. Checked over statements of every kind (with
 * the hazards the rules look for) and every statement of the real-migration corpus, on several versions, in and
 * out of a transaction.
 */
class JudgedKindsTest {

    /** Every kind of statement, most in their hazardous form. */
    private static final String STATEMENTS = """
            CREATE INDEX i ON t (a); CREATE UNIQUE INDEX i ON t (a); CREATE INDEX CONCURRENTLY i ON t (a);
            CREATE INDEX ON ONLY t (a); DROP INDEX i; DROP INDEX CONCURRENTLY i; REINDEX TABLE t; REINDEX INDEX i;
            REINDEX INDEX CONCURRENTLY i; REINDEX (CONCURRENTLY) TABLE t;
            ALTER TABLE t ADD COLUMN c int NOT NULL; ALTER TABLE t ADD COLUMN c int DEFAULT random();
            ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now(); ALTER TABLE t ADD COLUMN s serial;
            ALTER TABLE t ADD COLUMN s bigint GENERATED ALWAYS AS IDENTITY;
            ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED; ALTER TABLE t ADD COLUMN u int UNIQUE;
            ALTER TABLE t ADD COLUMN v varchar(20), ADD COLUMN w char(3), ADD COLUMN x timestamp, ADD COLUMN y int;
            ALTER TABLE t ALTER COLUMN a TYPE bigint; ALTER TABLE t ALTER COLUMN a TYPE varchar(10);
            ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO t2; ALTER TABLE t DROP COLUMN a;
            ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);
            ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID;
            ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;
            ALTER TABLE t VALIDATE CONSTRAINT fk; ALTER TABLE t VALIDATE CONSTRAINT c;
            ALTER TABLE t ALTER COLUMN a SET NOT NULL; ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a);
            ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a) DEFERRABLE; ALTER TABLE t ADD PRIMARY KEY (a);
            ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX i;
            ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (a WITH =); ALTER TABLE t DETACH PARTITION p;
            ALTER TABLE t DETACH PARTITION p CONCURRENTLY; ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1);
            ALTER TABLE t SET TABLESPACE x; ALTER MATERIALIZED VIEW mv SET TABLESPACE x;
            ALTER INDEX i SET TABLESPACE x; ALTER TABLE t SET LOGGED; ALTER TABLE t SET UNLOGGED;
            ALTER TABLE t SET ACCESS METHOD heap; ALTER TABLE t ENABLE TRIGGER trg; ALTER TABLE t OWNER TO me;
            CREATE TABLE t2 (id serial PRIMARY KEY, a varchar(20), b char(3), c timestamp, d int, e money);
            CREATE TABLE t3 AS SELECT * FROM t; CREATE TABLE p1 PARTITION OF t FOR VALUES IN (1);
            CREATE MATERIALIZED VIEW mv AS SELECT 1; CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA;
            DROP TABLE t; DROP TABLE IF EXISTS t, u CASCADE; DROP VIEW v; DROP SCHEMA s; TRUNCATE t;
            TRUNCATE t, u CASCADE; VACUUM FULL t; VACUUM t; VACUUM (FULL) t; CLUSTER t USING i; CLUSTER;
            LOCK TABLE t; LOCK TABLE t IN SHARE MODE; LOCK TABLE t IN ACCESS SHARE MODE;
            REFRESH MATERIALIZED VIEW mv; REFRESH MATERIALIZED VIEW CONCURRENTLY mv;
            REFRESH MATERIALIZED VIEW mv WITH NO DATA; ALTER TYPE e ADD VALUE 'x';
            CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
            UPDATE t SET a = 1; DELETE FROM t; UPDATE t SET a = 1 WHERE id = 1; SET lock_timeout = '2s';
            SET LOCAL statement_timeout = 0; BEGIN; COMMIT; SAVEPOINT s; ROLLBACK TO SAVEPOINT s; SELECT 1;
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; COMMENT ON TABLE t IS 'x';
            CREATE VIEW v AS SELECT 1; GRANT SELECT ON t TO me
            """;

    private static final int[] VERSIONS = {100_023, 110_000, 120_000, 140_002, 140_004, 170_002};

    @Test
    void every_kind_of_statement_is_among_the_kinds_rules_can_judge() {
        assertThat(StatementTypes.ALL).hasSize(ParsedStatement.class.getPermittedSubclasses().length)
                .contains(ParsedStatement.CreateIndex.class, ParsedStatement.AlterTable.class,
                        ParsedStatement.Other.class);
    }

    @Test
    void no_rule_finds_anything_in_a_kind_of_statement_it_does_not_judge() {
        List<ParsedStatement> statements = statements();
        Set<String> kindsSeen = new HashSet<>();
        List<String> misses = new ArrayList<>();
        int findings = 0;
        for (ParsedStatement statement : statements) {
            kindsSeen.add(statement.getClass().getSimpleName());
            for (SessionFacts facts : facts()) {
                for (Rule rule : RuleCatalog.all()) {
                    List<Finding> found = new ArrayList<>();
                    rule.check(new RuleContext(statement, facts), found);
                    findings += found.size();
                    if (!found.isEmpty() && !rule.judges().contains(statement.getClass())) {
                        misses.add(rule.id() + " found " + found.size() + " in a "
                                + statement.getClass().getSimpleName() + ": " + statement.text());
                    }
                }
            }
        }
        assertThat(kindsSeen).hasSize(StatementTypes.ALL.size());
        assertThat(findings).isGreaterThan(1000);
        assertThat(misses).isEmpty();
    }

    @Test
    void only_the_kinds_that_may_lock_strongly_take_share_or_a_stronger_lock() {
        List<String> misses = new ArrayList<>();
        for (ParsedStatement statement : statements()) {
            for (int version : VERSIONS) {
                LockMode lock = StatementLocks.lockOf(statement, version);
                if (lock.isAtLeast(LockMode.SHARE)
                        && !StatementLocks.MAY_LOCK_STRONGLY.contains(statement.getClass())) {
                    misses.add(lock + " from a " + statement.getClass().getSimpleName() + ": " + statement.text());
                }
            }
        }
        assertThat(misses).isEmpty();
    }

    /** The statements above and, when it is present, every statement of the corpus. */
    private static List<ParsedStatement> statements() {
        List<ParsedStatement> parsed = new ArrayList<>();
        for (SqlStatement statement : StatementSplitter.split(STATEMENTS, SplitMode.MIGRATION_FILE)) {
            parsed.add(DdlParser.parse(statement.text()));
        }
        Optional<Path> corpus = MigrationCorpus.directory();
        if (corpus.isPresent()) {
            for (Path file : MigrationCorpus.files(corpus.get())) {
                for (SqlStatement statement : StatementSplitter.split(MigrationCorpus.read(file),
                        SplitMode.MIGRATION_FILE)) {
                    parsed.add(DdlParser.parse(statement.text()));
                }
            }
        }
        return parsed;
    }

    /**
     * Each version in and out of a transaction, with nothing done before, and after NOT VALID constraints and a
     * strong lock (which the validation and whole-table rules read).
     */
    private static List<SessionFacts> facts() {
        List<SessionFacts> facts = new ArrayList<>();
        for (int version : VERSIONS) {
            for (boolean inTransaction : new boolean[] {true, false}) {
                facts.add(new SessionFacts(new PgVersion(version), inTransaction, new TransactionState(),
                        SessionFacts.CatalogFacts.UNKNOWN));
                TransactionState earlier = new TransactionState();
                for (String sql : List.of("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID",
                        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID")) {
                    ParsedStatement statement = DdlParser.parse(sql);
                    earlier.observe(statement, StatementLocks.lockOf(statement, version),
                            StatementLocks.tableOf(statement));
                }
                facts.add(new SessionFacts(new PgVersion(version), inTransaction, earlier,
                        SessionFacts.CatalogFacts.UNKNOWN));
            }
        }
        return facts;
    }
}
