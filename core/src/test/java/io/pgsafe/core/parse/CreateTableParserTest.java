package io.pgsafe.core.parse;

import static io.pgsafe.core.parse.DdlParserTest.name;
import static io.pgsafe.core.parse.DdlParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.ParsedStatement.CreateTable;
import io.pgsafe.core.model.QualifiedName;
import org.junit.jupiter.api.Test;

/** {@code CREATE TABLE}: its flags and its columns; table constraints are passed over. */
class CreateTableParserTest {

    @Test
    void columns_with_types_and_flags_and_table_constraints_skipped() {
        CreateTable create = parse("CREATE TABLE IF NOT EXISTS app.\"Orders\" (\n"
                + "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                + "  user_id int NOT NULL REFERENCES users (id),\n"
                + "  total numeric(10, 2) DEFAULT 0 CHECK (total >= 0),\n"
                + "  created_at timestamp with time zone NOT NULL DEFAULT now(),\n"
                + "  CONSTRAINT orders_total_ck CHECK (total < 1000000),\n"
                + "  UNIQUE (user_id, created_at),\n"
                + "  FOREIGN KEY (user_id) REFERENCES users,\n"
                + "  EXCLUDE USING gist (user_id WITH =, created_at WITH <>),\n"
                + "  LIKE templates INCLUDING ALL,\n"
                + "  note text COLLATE \"C\"\n"
                + ") WITH (fillfactor = 90)", CreateTable.class);
        assertThat(create.table()).isEqualTo(name("app", "Orders"));
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.temporary()).isFalse();
        assertThat(create.unlogged()).isFalse();
        assertThat(create.asSelect()).isFalse();
        assertThat(create.partitionOf()).isNull();
        assertThat(create.summary()).isEqualTo("CREATE TABLE app.Orders");
        assertThat(create.columns()).containsExactly(
                new ColumnDefinition("id", "bigint", null, true, true, false, true, false, false, null, null),
                new ColumnDefinition("user_id", "int", null, true, false, false, false, false, false,
                        QualifiedName.of("users"), null),
                new ColumnDefinition("total", "numeric(10,2)", "0", false, false, false, false, false, false, null,
                        "total >= 0"),
                new ColumnDefinition("created_at", "timestamp with time zone", "now()", true, false, false, false,
                        false, false, null, null),
                new ColumnDefinition("note", "text", null, false, false, false, false, false, false, null, null));
    }

    @Test
    void temporary_and_unlogged_tables() {
        assertThat(parse("CREATE TEMP TABLE t (a int)", CreateTable.class).temporary()).isTrue();
        assertThat(parse("create global temporary table t (a int)", CreateTable.class).temporary()).isTrue();
        assertThat(parse("CREATE LOCAL TEMPORARY TABLE t (a int)", CreateTable.class).temporary()).isTrue();
        CreateTable unlogged = parse("CREATE UNLOGGED TABLE t (a int)", CreateTable.class);
        assertThat(unlogged.unlogged()).isTrue();
        assertThat(unlogged.temporary()).isFalse();
    }

    @Test
    void partition_of() {
        CreateTable partition = parse("CREATE TABLE m_2024 PARTITION OF s.m FOR VALUES FROM ('2024-01-01') "
                + "TO ('2025-01-01')", CreateTable.class);
        assertThat(partition.partitionOf()).isEqualTo(name("s", "m"));
        assertThat(partition.columns()).isEmpty();
        assertThat(partition.asSelect()).isFalse();
    }

    @Test
    void partitioned_parent() {
        CreateTable parent = parse("CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at)", CreateTable.class);
        assertThat(parent.columns()).extracting(ColumnDefinition::name).containsExactly("id", "at");
        assertThat(parent.partitionOf()).isNull();
    }

    @Test
    void create_table_as_select() {
        CreateTable copy = parse("CREATE TABLE t2 AS SELECT * FROM t", CreateTable.class);
        assertThat(copy.asSelect()).isTrue();
        assertThat(copy.columns()).isEmpty();
        assertThat(parse("CREATE TABLE t2 (a, b) AS SELECT x, y FROM t", CreateTable.class).asSelect()).isTrue();
    }

    @Test
    void generated_and_serial_columns() {
        CreateTable create = parse("CREATE TABLE t (id serial, total int GENERATED ALWAYS AS (a + b) STORED, "
                + "tags text[] NOT NULL DEFAULT '{}')", CreateTable.class);
        assertThat(create.columns().get(0).serial()).isTrue();
        assertThat(create.columns().get(1).generatedStored()).isTrue();
        assertThat(create.columns().get(2).type()).isEqualTo("text[]");
        assertThat(create.columns().get(2).defaultExpression()).isEqualTo("'{}'");
    }

    @Test
    void other_create_statements_are_not_tables() {
        assertThat(DdlParserTest.parse("CREATE VIEW v AS SELECT 1", io.pgsafe.core.model.ParsedStatement.Other.class)
                .summary()).isEqualTo("CREATE VIEW");
    }
}
