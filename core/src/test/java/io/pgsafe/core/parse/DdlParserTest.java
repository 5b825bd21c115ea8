package io.pgsafe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.ParsedStatement.AlterEnumAddValue;
import io.pgsafe.core.model.ParsedStatement.Cluster;
import io.pgsafe.core.model.ParsedStatement.CreateIndex;
import io.pgsafe.core.model.ParsedStatement.CreateTrigger;
import io.pgsafe.core.model.ParsedStatement.DataChange;
import io.pgsafe.core.model.ParsedStatement.Drop;
import io.pgsafe.core.model.ParsedStatement.DropIndex;
import io.pgsafe.core.model.ParsedStatement.LockTable;
import io.pgsafe.core.model.ParsedStatement.Other;
import io.pgsafe.core.model.ParsedStatement.RefreshMaterializedView;
import io.pgsafe.core.model.ParsedStatement.Reindex;
import io.pgsafe.core.model.ParsedStatement.Truncate;
import io.pgsafe.core.model.ParsedStatement.Vacuum;
import io.pgsafe.core.model.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser's statements other than ALTER TABLE, CREATE TABLE, SET and transaction control (see
 * {@link AlterTableParserTest}, {@link CreateTableParserTest}, {@link SessionStatementParserTest}): each record
 * with its exact fields.
 */
class DdlParserTest {

    static <T extends ParsedStatement> T parse(String sql, Class<T> type) {
        ParsedStatement parsed = DdlParser.parse(sql);
        assertThat(parsed).isInstanceOf(type);
        assertThat(parsed.text()).isEqualTo(sql);
        return type.cast(parsed);
    }

    static QualifiedName name(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    // identifiers

    @Test
    void unquoted_names_fold_to_lower_case_and_quoted_names_keep_case_with_doubled_quotes_undone() {
        CreateIndex index = parse("CREATE INDEX \"My\"\"Idx\" ON Public.\"Users\" (Email, \"Name\")",
                CreateIndex.class);
        assertThat(index.name()).isEqualTo("My\"Idx");
        assertThat(index.table()).isEqualTo(name("public", "Users"));
        assertThat(index.columns()).containsExactly("email", "Name");
    }

    @Test
    void a_database_qualified_name_keeps_schema_and_name() {
        assertThat(parse("TRUNCATE db.app.t", Truncate.class).tables()).containsExactly(name("app", "t"));
    }

    @Test
    void unicode_quoted_identifiers_are_read() {
        assertThat(parse("DROP TABLE U&\"T\"", Drop.class).names()).containsExactly(QualifiedName.of("T"));
    }

    // CREATE INDEX

    @Test
    void create_index_with_every_clause() {
        String sql = "CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON ONLY app.users USING GIN "
                + "(lower(email), id DESC NULLS LAST) INCLUDE (name) WHERE deleted_at IS NULL";
        CreateIndex index = parse(sql, CreateIndex.class);
        assertThat(index.name()).isEqualTo("users_email_idx");
        assertThat(index.table()).isEqualTo(name("app", "users"));
        assertThat(index.unique()).isTrue();
        assertThat(index.concurrently()).isFalse();
        assertThat(index.ifNotExists()).isTrue();
        assertThat(index.only()).isTrue();
        assertThat(index.method()).isEqualTo("gin");
        assertThat(index.columns()).containsExactly("lower(email)", "id DESC NULLS LAST");
        assertThat(index.concurrentlyAt()).isEqualTo("CREATE UNIQUE INDEX".length());
        assertThat(index.summary()).isEqualTo("CREATE INDEX app.users");
    }

    @Test
    void create_index_without_name_or_method() {
        CreateIndex index = parse("create index on t(a)", CreateIndex.class);
        assertThat(index.name()).isNull();
        assertThat(index.table()).isEqualTo(QualifiedName.of("t"));
        assertThat(index.unique()).isFalse();
        assertThat(index.ifNotExists()).isFalse();
        assertThat(index.only()).isFalse();
        assertThat(index.method()).isNull();
        assertThat(index.columns()).containsExactly("a");
        assertThat(index.concurrentlyAt()).isEqualTo("create index".length());
    }

    @Test
    void create_index_concurrently_marks_where_concurrently_stands() {
        CreateIndex index = parse("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", CreateIndex.class);
        assertThat(index.concurrently()).isTrue();
        assertThat(index.ifNotExists()).isTrue();
        assertThat(index.name()).isEqualTo("i");
        assertThat(index.concurrentlyAt()).isEqualTo("CREATE INDEX".length());
    }

    @Test
    void concurrently_offset_ignores_comments_after_index() {
        CreateIndex index = parse("CREATE INDEX /* c */ i ON t (a)", CreateIndex.class);
        assertThat(index.concurrentlyAt()).isEqualTo("CREATE INDEX".length());
    }

    // DROP INDEX

    @Test
    void drop_index_with_every_option() {
        DropIndex drop = parse("DROP INDEX CONCURRENTLY IF EXISTS app.i1, i2 CASCADE", DropIndex.class);
        assertThat(drop.indexes()).containsExactly(name("app", "i1"), QualifiedName.of("i2"));
        assertThat(drop.concurrently()).isTrue();
        assertThat(drop.ifExists()).isTrue();
        assertThat(drop.cascade()).isTrue();
        assertThat(drop.concurrentlyAt()).isEqualTo("DROP INDEX".length());
        assertThat(drop.summary()).isEqualTo("DROP INDEX app.i1");
    }

    @Test
    void plain_drop_index() {
        DropIndex drop = parse("drop index i restrict", DropIndex.class);
        assertThat(drop.indexes()).containsExactly(QualifiedName.of("i"));
        assertThat(drop.concurrently()).isFalse();
        assertThat(drop.ifExists()).isFalse();
        assertThat(drop.cascade()).isFalse();
        assertThat(drop.concurrentlyAt()).isEqualTo("drop index".length());
    }

    // REINDEX

    @Test
    void reindex_index() {
        Reindex reindex = parse("REINDEX INDEX app.i", Reindex.class);
        assertThat(reindex.target()).isEqualTo("INDEX");
        assertThat(reindex.name()).isEqualTo(name("app", "i"));
        assertThat(reindex.concurrently()).isFalse();
        assertThat(reindex.concurrentlyAt()).isEqualTo("REINDEX INDEX".length());
    }

    @Test
    void reindex_concurrently_after_the_target() {
        Reindex reindex = parse("reindex table concurrently t", Reindex.class);
        assertThat(reindex.target()).isEqualTo("TABLE");
        assertThat(reindex.name()).isEqualTo(QualifiedName.of("t"));
        assertThat(reindex.concurrently()).isTrue();
        assertThat(reindex.concurrentlyAt()).isEqualTo("reindex table".length());
    }

    @Test
    void reindex_concurrently_as_an_option() {
        Reindex reindex = parse("REINDEX (CONCURRENTLY) INDEX x", Reindex.class);
        assertThat(reindex.target()).isEqualTo("INDEX");
        assertThat(reindex.name()).isEqualTo(QualifiedName.of("x"));
        assertThat(reindex.concurrently()).isTrue();
    }

    @Test
    void reindex_options_that_do_not_turn_concurrently_on() {
        assertThat(parse("REINDEX (CONCURRENTLY false) INDEX x", Reindex.class).concurrently()).isFalse();
        assertThat(parse("REINDEX (VERBOSE) INDEX x", Reindex.class).concurrently()).isFalse();
        assertThat(parse("REINDEX (VERBOSE, CONCURRENTLY on) INDEX x", Reindex.class).concurrently()).isTrue();
    }

    // DROP

    @Test
    void drop_table_with_several_names() {
        Drop drop = parse("DROP TABLE IF EXISTS a, s.b CASCADE", Drop.class);
        assertThat(drop.objectType()).isEqualTo("TABLE");
        assertThat(drop.names()).containsExactly(QualifiedName.of("a"), name("s", "b"));
        assertThat(drop.ifExists()).isTrue();
        assertThat(drop.cascade()).isTrue();
        assertThat(drop.summary()).isEqualTo("DROP TABLE a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "SEQUENCE", "SCHEMA", "TYPE", "DOMAIN",
            "FUNCTION", "PROCEDURE", "TRIGGER", "EXTENSION"})
    void drop_other_object_types(String type) {
        Drop drop = parse("drop " + type.toLowerCase() + " x", Drop.class);
        assertThat(drop.objectType()).isEqualTo(type);
        assertThat(drop.names()).containsExactly(QualifiedName.of("x"));
        assertThat(drop.ifExists()).isFalse();
        assertThat(drop.cascade()).isFalse();
    }

    @Test
    void drop_of_an_unknown_object_type_is_other() {
        assertThat(DdlParser.parse("DROP ROLE r")).isInstanceOf(Other.class);
    }

    // TRUNCATE

    @Test
    void truncate_with_table_list_and_cascade() {
        Truncate truncate = parse("TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE", Truncate.class);
        assertThat(truncate.tables()).containsExactly(QualifiedName.of("a"), QualifiedName.of("b"));
        assertThat(truncate.cascade()).isTrue();
        assertThat(parse("truncate t", Truncate.class).cascade()).isFalse();
    }

    // VACUUM

    @Test
    void vacuum_full_keyword_form() {
        Vacuum vacuum = parse("VACUUM FULL VERBOSE ANALYZE s.t", Vacuum.class);
        assertThat(vacuum.full()).isTrue();
        assertThat(vacuum.tables()).containsExactly(name("s", "t"));
    }

    @Test
    void vacuum_full_option_form_with_table_list() {
        Vacuum vacuum = parse("VACUUM (FULL, ANALYZE) a (x, y), b", Vacuum.class);
        assertThat(vacuum.full()).isTrue();
        assertThat(vacuum.tables()).containsExactly(QualifiedName.of("a"), QualifiedName.of("b"));
    }

    @Test
    void vacuum_without_full() {
        assertThat(parse("VACUUM", Vacuum.class).tables()).isEmpty();
        assertThat(parse("VACUUM ANALYZE t", Vacuum.class).full()).isFalse();
        assertThat(parse("VACUUM (FULL false) t", Vacuum.class).full()).isFalse();
        assertThat(parse("VACUUM (ANALYZE, FREEZE) t", Vacuum.class).full()).isFalse();
    }

    // CLUSTER

    @Test
    void cluster_forms() {
        Cluster using = parse("CLUSTER VERBOSE s.t USING t_idx", Cluster.class);
        assertThat(using.table()).isEqualTo(name("s", "t"));
        assertThat(using.index()).isEqualTo("t_idx");
        Cluster bare = parse("CLUSTER", Cluster.class);
        assertThat(bare.table()).isNull();
        assertThat(bare.index()).isNull();
        assertThat(parse("CLUSTER t", Cluster.class).index()).isNull();
        assertThat(parse("CLUSTER (VERBOSE) t", Cluster.class).table()).isEqualTo(QualifiedName.of("t"));
        Cluster old = parse("CLUSTER t_idx ON t", Cluster.class);
        assertThat(old.table()).isEqualTo(QualifiedName.of("t"));
        assertThat(old.index()).isEqualTo("t_idx");
    }

    // LOCK

    @Test
    void lock_table_in_mode() {
        LockTable lock = parse("LOCK TABLE a, s.b IN SHARE ROW EXCLUSIVE MODE NOWAIT", LockTable.class);
        assertThat(lock.tables()).containsExactly(QualifiedName.of("a"), name("s", "b"));
        assertThat(lock.mode()).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
        assertThat(parse("lock t in access share mode", LockTable.class).mode()).isEqualTo(LockMode.ACCESS_SHARE);
    }

    @Test
    void lock_without_mode_is_access_exclusive() {
        assertThat(parse("LOCK t", LockTable.class).mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
    }

    // REFRESH MATERIALIZED VIEW

    @Test
    void refresh_materialized_view() {
        RefreshMaterializedView plain = parse("REFRESH MATERIALIZED VIEW s.v", RefreshMaterializedView.class);
        assertThat(plain.view()).isEqualTo(name("s", "v"));
        assertThat(plain.concurrently()).isFalse();
        assertThat(plain.withNoData()).isFalse();
        assertThat(plain.concurrentlyAt()).isEqualTo("REFRESH MATERIALIZED VIEW".length());
        RefreshMaterializedView concurrent = parse("refresh materialized view concurrently v with data",
                RefreshMaterializedView.class);
        assertThat(concurrent.concurrently()).isTrue();
        assertThat(concurrent.withNoData()).isFalse();
        assertThat(parse("REFRESH MATERIALIZED VIEW v WITH NO DATA", RefreshMaterializedView.class).withNoData())
                .isTrue();
    }

    // ALTER TYPE … ADD VALUE

    @Test
    void alter_type_add_value() {
        AlterEnumAddValue add = parse("ALTER TYPE s.mood ADD VALUE IF NOT EXISTS 'it''s ok' BEFORE 'sad'",
                AlterEnumAddValue.class);
        assertThat(add.type()).isEqualTo(name("s", "mood"));
        assertThat(add.value()).isEqualTo("it's ok");
        assertThat(add.ifNotExists()).isTrue();
        assertThat(parse("alter type mood add value 'happy'", AlterEnumAddValue.class).ifNotExists()).isFalse();
    }

    @Test
    void other_alter_type_forms_are_other() {
        assertThat(DdlParser.parse("ALTER TYPE mood RENAME VALUE 'a' TO 'b'")).isInstanceOf(Other.class);
    }

    // CREATE TRIGGER

    @Test
    void create_trigger_forms() {
        CreateTrigger trigger = parse("CREATE OR REPLACE TRIGGER trg BEFORE UPDATE OF a ON s.t FOR EACH ROW "
                + "EXECUTE FUNCTION f()", CreateTrigger.class);
        assertThat(trigger.name()).isEqualTo("trg");
        assertThat(trigger.table()).isEqualTo(name("s", "t"));
        CreateTrigger constraint = parse("create constraint trigger c after insert on t deferrable "
                + "for each row execute procedure f()", CreateTrigger.class);
        assertThat(constraint.name()).isEqualTo("c");
        assertThat(constraint.table()).isEqualTo(QualifiedName.of("t"));
    }

    // UPDATE / DELETE

    @Test
    void update_and_delete_with_and_without_where() {
        DataChange update = parse("UPDATE ONLY s.t AS x SET a = (SELECT 1 FROM u WHERE u.id = x.id)",
                DataChange.class);
        assertThat(update.operation()).isEqualTo("UPDATE");
        assertThat(update.table()).isEqualTo(name("s", "t"));
        assertThat(update.hasWhere()).isFalse();
        assertThat(parse("update t set a = 1 where id = 2", DataChange.class).hasWhere()).isTrue();
        DataChange delete = parse("DELETE FROM t USING u WHERE t.id = u.id", DataChange.class);
        assertThat(delete.operation()).isEqualTo("DELETE");
        assertThat(delete.table()).isEqualTo(QualifiedName.of("t"));
        assertThat(delete.hasWhere()).isTrue();
        assertThat(parse("delete from t", DataChange.class).hasWhere()).isFalse();
    }

    // everything else

    @Test
    void other_statements_keep_their_leading_key_words_as_summary() {
        Other select = parse("select * from t", Other.class);
        assertThat(select.summary()).isEqualTo("SELECT");
        assertThat(parse("CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql", Other.class).summary())
                .isEqualTo("CREATE FUNCTION");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ";", "(", ")", "'unterminated", "\"unterminated", "/* open", "$$ open",
            "CREATE", "CREATE INDEX", "CREATE INDEX ON", "CREATE INDEX i ON (", "ALTER", "ALTER TABLE",
            "ALTER TABLE t ADD", "ALTER TABLE t ALTER COLUMN", "DROP", "DROP INDEX", "REINDEX", "REINDEX (",
            "VACUUM (", "CLUSTER (", "LOCK", "LOCK TABLE t IN", "SET", "SET x =", "ALTER TYPE", "ALTER TYPE t ADD VALUE",
            "CREATE TRIGGER", "CREATE TABLE", "CREATE TABLE t (", "CREATE TABLE t (a", "UPDATE", "DELETE FROM",
            "ROLLBACK TO", "TRUNCATE", "REFRESH MATERIALIZED VIEW", "ALTER TABLE t ADD CONSTRAINT c CHECK (",
            "ALTER TABLE t ATTACH PARTITION", ")))(((", "@@@ ### !!!", "CREATE UNIQUE INDEX x ON t USING ("})
    void malformed_input_never_throws(String sql) {
        ParsedStatement parsed = DdlParser.parse(sql);
        assertThat(parsed).isNotNull();
        assertThat(parsed.text()).isEqualTo(sql);
    }

    @Test
    void input_that_does_not_lex_is_other() {
        assertThat(DdlParser.parse("CREATE INDEX i ON t ('a)")).isInstanceOf(Other.class);
    }

    @Test
    void null_is_other() {
        assertThat(DdlParser.parse(null)).isInstanceOf(Other.class);
    }

    @Test
    void statements_not_understood_are_other_with_summary() {
        assertThat(DdlParser.parse("GRANT SELECT ON t TO r")).isEqualTo(new Other("GRANT SELECT ON t TO r", "GRANT SELECT"));
        assertThat(List.of("COPY t FROM stdin", "DO $$ BEGIN END $$", "WITH x AS (SELECT 1) DELETE FROM t"))
                .allSatisfy(sql -> assertThat(DdlParser.parse(sql)).isInstanceOf(Other.class));
    }
}
