package io.pgsafe.core.parse;

import static io.pgsafe.core.parse.DdlParserTest.name;
import static io.pgsafe.core.parse.DdlParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.AlterTableAction.AddColumn;
import io.pgsafe.core.model.AlterTableAction.AddConstraint;
import io.pgsafe.core.model.AlterTableAction.AlterColumnType;
import io.pgsafe.core.model.AlterTableAction.AttachPartition;
import io.pgsafe.core.model.AlterTableAction.ChangeTrigger;
import io.pgsafe.core.model.AlterTableAction.DetachPartition;
import io.pgsafe.core.model.AlterTableAction.DropColumn;
import io.pgsafe.core.model.AlterTableAction.DropConstraint;
import io.pgsafe.core.model.AlterTableAction.DropDefault;
import io.pgsafe.core.model.AlterTableAction.DropNotNull;
import io.pgsafe.core.model.AlterTableAction.RenameColumn;
import io.pgsafe.core.model.AlterTableAction.RenameConstraint;
import io.pgsafe.core.model.AlterTableAction.RenameTable;
import io.pgsafe.core.model.AlterTableAction.SetAccessMethod;
import io.pgsafe.core.model.AlterTableAction.SetDefault;
import io.pgsafe.core.model.AlterTableAction.SetLogged;
import io.pgsafe.core.model.AlterTableAction.SetNotNull;
import io.pgsafe.core.model.AlterTableAction.SetSchema;
import io.pgsafe.core.model.AlterTableAction.SetTablespace;
import io.pgsafe.core.model.AlterTableAction.ValidateConstraint;
import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.ParsedStatement.AlterTable;
import io.pgsafe.core.model.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ALTER TABLE}: the statement's head and every action with its exact text and fields. */
class AlterTableParserTest {

    private static <T extends AlterTableAction> T action(String sql, Class<T> type) {
        AlterTable alter = parse(sql, AlterTable.class);
        assertThat(alter.actions()).hasSize(1);
        assertThat(alter.actions().get(0)).isInstanceOf(type);
        return type.cast(alter.actions().get(0));
    }

    private static ColumnDefinition added(String columnSql) {
        AddColumn add = action("ALTER TABLE t ADD COLUMN " + columnSql, AddColumn.class);
        assertThat(add.text()).isEqualTo("ADD COLUMN " + columnSql);
        return add.column();
    }

    @Test
    void head_and_flags() {
        AlterTable alter = parse("ALTER TABLE IF EXISTS ONLY app.\"Users\" DROP COLUMN a", AlterTable.class);
        assertThat(alter.objectType()).isEqualTo("TABLE");
        assertThat(alter.table()).isEqualTo(name("app", "Users"));
        assertThat(alter.ifExists()).isTrue();
        assertThat(alter.only()).isTrue();
        assertThat(alter.head()).isEqualTo("ALTER TABLE IF EXISTS ONLY app.\"Users\"");
        assertThat(alter.summary()).isEqualTo("ALTER TABLE app.Users");
    }

    @ParameterizedTest
    @CsvSource({"INDEX,ALTER INDEX i RENAME TO j", "VIEW,alter view v rename to w",
            "MATERIALIZED VIEW,ALTER MATERIALIZED VIEW v RENAME TO w", "FOREIGN TABLE,ALTER FOREIGN TABLE f RENAME TO g"})
    void other_relation_kinds(String objectType, String sql) {
        AlterTable alter = parse(sql, AlterTable.class);
        assertThat(alter.objectType()).isEqualTo(objectType);
        assertThat(alter.actions()).singleElement().isInstanceOf(RenameTable.class);
    }

    @Test
    void multi_action_statement_keeps_each_action_text() {
        AlterTable alter = parse("ALTER TABLE t ADD COLUMN a int DEFAULT 0,  DROP COLUMN b CASCADE,\n"
                + "ALTER COLUMN c SET NOT NULL, OWNER TO bob", AlterTable.class);
        assertThat(alter.head()).isEqualTo("ALTER TABLE t");
        assertThat(alter.actions()).extracting(AlterTableAction::text).containsExactly(
                "ADD COLUMN a int DEFAULT 0", "DROP COLUMN b CASCADE", "ALTER COLUMN c SET NOT NULL", "OWNER TO bob");
        assertThat(alter.actions()).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("AddColumn", "DropColumn", "SetNotNull", "Other");
    }

    // ADD COLUMN

    @Test
    void add_column_plain() {
        AddColumn add = action("alter table t add Email varchar(255)", AddColumn.class);
        assertThat(add.text()).isEqualTo("add Email varchar(255)");
        assertThat(add.ifNotExists()).isFalse();
        assertThat(add.column()).isEqualTo(new ColumnDefinition("email", "varchar(255)", null, false, false, false,
                false, false, false, null, null));
    }

    @Test
    void add_column_if_not_exists() {
        assertThat(action("ALTER TABLE t ADD COLUMN IF NOT EXISTS a int", AddColumn.class).ifNotExists()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "varchar(255)|varchar(255)", "VARCHAR ( 255 )|varchar(255)",
            "character varying(20)|character varying(20)", "timestamp with time zone|timestamp with time zone",
            "TIMESTAMP(3) WITHOUT TIME ZONE|timestamp(3) without time zone", "numeric(10, 2)|numeric(10,2)",
            "int[]|int[]", "text [ ]|text[]", "double precision|double precision", "public.citext|public.citext",
            "\"MyType\"|\"MyType\"", "bigserial|bigserial", "char(2)|char(2)"})
    void add_column_types_are_normalised(String written, String type) {
        assertThat(added("a " + written).type()).isEqualTo(type);
    }

    @Test
    void defaults_are_kept_as_written() {
        assertThat(added("a timestamptz DEFAULT now()").defaultExpression()).isEqualTo("now()");
        assertThat(added("a text DEFAULT NULL").defaultExpression()).isEqualTo("NULL");
        assertThat(added("a text DEFAULT null").defaultExpression()).isEqualTo("null");
        ColumnDefinition cast = added("a text DEFAULT 'a'::text NOT NULL");
        assertThat(cast.defaultExpression()).isEqualTo("'a'::text");
        assertThat(cast.notNull()).isTrue();
        assertThat(added("a int DEFAULT (1 + 2) CHECK (a > 0)").defaultExpression()).isEqualTo("(1 + 2)");
        assertThat(added("a int NOT NULL DEFAULT 0").defaultExpression()).isEqualTo("0");
    }

    @Test
    void null_after_not_null_clears_it() {
        assertThat(added("a int NULL").notNull()).isFalse();
        assertThat(added("a int CONSTRAINT nn NOT NULL").notNull()).isTrue();
    }

    @Test
    void generated_stored_column() {
        ColumnDefinition column = added("total numeric GENERATED ALWAYS AS (price * qty) STORED");
        assertThat(column.type()).isEqualTo("numeric");
        assertThat(column.generatedStored()).isTrue();
        assertThat(column.generatedVirtual()).isFalse();
        assertThat(column.identity()).isFalse();
    }

    @Test
    void generated_virtual_column() {
        ColumnDefinition column = added("total numeric GENERATED ALWAYS AS (price * qty)");
        assertThat(column.generatedVirtual()).isTrue();
        assertThat(column.generatedStored()).isFalse();
    }

    @Test
    void identity_columns() {
        ColumnDefinition byDefault = added("id bigint GENERATED BY DEFAULT AS IDENTITY");
        assertThat(byDefault.identity()).isTrue();
        assertThat(byDefault.generatedStored()).isFalse();
        assertThat(added("id int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 1) PRIMARY KEY")
                .primaryKey()).isTrue();
    }

    @Test
    void inline_constraints() {
        ColumnDefinition column = added("user_id bigint REFERENCES app.users (id) ON DELETE CASCADE "
                + "CHECK (user_id > 0) UNIQUE");
        assertThat(column.references()).isEqualTo(name("app", "users"));
        assertThat(column.check()).isEqualTo("user_id > 0");
        assertThat(column.unique()).isTrue();
        assertThat(column.primaryKey()).isFalse();
        ColumnDefinition pk = added("id uuid PRIMARY KEY");
        assertThat(pk.primaryKey()).isTrue();
        assertThat(pk.notNull()).isTrue();
        assertThat(added("a text UNIQUE NULLS NOT DISTINCT").unique()).isTrue();
    }

    @Test
    void serial_column_is_recognised() {
        assertThat(added("id serial").serial()).isTrue();
        assertThat(added("id integer").serial()).isFalse();
    }

    // ADD CONSTRAINT

    @Test
    void foreign_key_not_valid() {
        AddConstraint fk = action("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id, Tenant) "
                + "REFERENCES app.users (id, tenant) ON DELETE CASCADE NOT VALID", AddConstraint.class);
        assertThat(fk.name()).isEqualTo("orders_user_fk");
        assertThat(fk.kind()).isEqualTo(ConstraintKind.FOREIGN_KEY);
        assertThat(fk.columns()).containsExactly("user_id", "tenant");
        assertThat(fk.referencedTable()).isEqualTo(name("app", "users"));
        assertThat(fk.referencedColumns()).containsExactly("id", "tenant");
        assertThat(fk.notValid()).isTrue();
        assertThat(fk.definitionText())
                .isEqualTo("FOREIGN KEY (user_id, Tenant) REFERENCES app.users (id, tenant) ON DELETE CASCADE");
        assertThat(fk.text()).endsWith("ON DELETE CASCADE NOT VALID").startsWith("ADD CONSTRAINT orders_user_fk");
    }

    @Test
    void unnamed_foreign_key_to_the_primary_key() {
        AddConstraint fk = action("alter table t add foreign key (u) references users", AddConstraint.class);
        assertThat(fk.name()).isNull();
        assertThat(fk.referencedColumns()).isEmpty();
        assertThat(fk.notValid()).isFalse();
        assertThat(fk.definitionText()).isEqualTo("foreign key (u) references users");
    }

    @Test
    void check_constraint() {
        AddConstraint check = action("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0 AND b IN (1, 2)) NOT VALID",
                AddConstraint.class);
        assertThat(check.kind()).isEqualTo(ConstraintKind.CHECK);
        assertThat(check.expression()).isEqualTo("a > 0 AND b IN (1, 2)");
        assertThat(check.columns()).isEmpty();
        assertThat(check.notValid()).isTrue();
        assertThat(check.definitionText()).isEqualTo("CHECK (a > 0 AND b IN (1, 2))");
    }

    @Test
    void unique_and_primary_key_on_columns() {
        AddConstraint unique = action("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a, b) INCLUDE (c, d)",
                AddConstraint.class);
        assertThat(unique.kind()).isEqualTo(ConstraintKind.UNIQUE);
        assertThat(unique.columns()).containsExactly("a", "b");
        assertThat(unique.usingIndex()).isNull();
        assertThat(unique.definitionText()).isEqualTo("UNIQUE (a, b) INCLUDE (c, d)");
        AddConstraint pk = action("ALTER TABLE t ADD PRIMARY KEY (id)", AddConstraint.class);
        assertThat(pk.kind()).isEqualTo(ConstraintKind.PRIMARY_KEY);
        assertThat(pk.name()).isNull();
        assertThat(pk.columns()).containsExactly("id");
    }

    @Test
    void unique_and_primary_key_using_index() {
        AddConstraint unique = action("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u_idx", AddConstraint.class);
        assertThat(unique.usingIndex()).isEqualTo("u_idx");
        assertThat(unique.columns()).isEmpty();
        AddConstraint pk = action("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx",
                AddConstraint.class);
        assertThat(pk.kind()).isEqualTo(ConstraintKind.PRIMARY_KEY);
        assertThat(pk.usingIndex()).isEqualTo("t_id_idx");
    }

    @Test
    void exclusion_constraint_with_commas_inside() {
        AlterTable alter = parse("ALTER TABLE r ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, "
                + "during WITH &&) WHERE (active), DROP COLUMN x", AlterTable.class);
        assertThat(alter.actions()).hasSize(2);
        AddConstraint exclude = (AddConstraint) alter.actions().get(0);
        assertThat(exclude.kind()).isEqualTo(ConstraintKind.EXCLUDE);
        assertThat(exclude.definitionText()).isEqualTo("EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (active)");
        assertThat(alter.actions().get(1)).isInstanceOf(DropColumn.class);
    }

    @Test
    void not_null_constraint_of_postgresql_18() {
        AddConstraint nn = action("ALTER TABLE t ADD CONSTRAINT a_nn NOT NULL a", AddConstraint.class);
        assertThat(nn.kind()).isEqualTo(ConstraintKind.NOT_NULL);
        assertThat(nn.columns()).containsExactly("a");
    }

    // DROP

    @Test
    void drop_column_forms() {
        assertThat(action("ALTER TABLE t DROP COLUMN IF EXISTS \"A\" CASCADE", DropColumn.class))
                .isEqualTo(new DropColumn("DROP COLUMN IF EXISTS \"A\" CASCADE", "A", true, true));
        assertThat(action("ALTER TABLE t DROP b", DropColumn.class)).isEqualTo(new DropColumn("DROP b", "b", false,
                false));
    }

    @Test
    void drop_constraint_forms() {
        assertThat(action("ALTER TABLE t DROP CONSTRAINT IF EXISTS c RESTRICT", DropConstraint.class))
                .isEqualTo(new DropConstraint("DROP CONSTRAINT IF EXISTS c RESTRICT", "c", true, false));
        assertThat(action("ALTER TABLE t DROP CONSTRAINT c CASCADE", DropConstraint.class).cascade()).isTrue();
    }

    // ALTER COLUMN

    @Test
    void alter_column_type_with_using() {
        assertThat(action("ALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint", AlterColumnType.class))
                .isEqualTo(new AlterColumnType("ALTER COLUMN a TYPE bigint USING a::bigint", "a", "bigint",
                        "a::bigint"));
        assertThat(action("ALTER TABLE t ALTER a SET DATA TYPE numeric(12, 2)", AlterColumnType.class))
                .isEqualTo(new AlterColumnType("ALTER a SET DATA TYPE numeric(12, 2)", "a", "numeric(12,2)", null));
    }

    @Test
    void alter_column_type_followed_by_another_action() {
        AlterTable alter = parse("ALTER TABLE t ALTER COLUMN a TYPE text COLLATE \"C\" USING lower(a, 1), "
                + "ALTER COLUMN b TYPE int", AlterTable.class);
        assertThat(alter.actions()).hasSize(2);
        assertThat(((AlterColumnType) alter.actions().get(0)).using()).isEqualTo("lower(a, 1)");
        assertThat(((AlterColumnType) alter.actions().get(1)).type()).isEqualTo("int");
    }

    @Test
    void not_null_and_default_changes() {
        assertThat(action("ALTER TABLE t ALTER COLUMN a SET NOT NULL", SetNotNull.class))
                .isEqualTo(new SetNotNull("ALTER COLUMN a SET NOT NULL", "a"));
        assertThat(action("ALTER TABLE t ALTER a DROP NOT NULL", DropNotNull.class))
                .isEqualTo(new DropNotNull("ALTER a DROP NOT NULL", "a"));
        assertThat(action("ALTER TABLE t ALTER COLUMN a SET DEFAULT now()", SetDefault.class))
                .isEqualTo(new SetDefault("ALTER COLUMN a SET DEFAULT now()", "a", "now()"));
        assertThat(action("ALTER TABLE t ALTER COLUMN a DROP DEFAULT", DropDefault.class))
                .isEqualTo(new DropDefault("ALTER COLUMN a DROP DEFAULT", "a"));
    }

    @Test
    void other_column_changes_are_other() {
        assertThat(action("ALTER TABLE t ALTER COLUMN a SET STATISTICS 100", AlterTableAction.Other.class).text())
                .isEqualTo("ALTER COLUMN a SET STATISTICS 100");
    }

    // VALIDATE, RENAME

    @Test
    void validate_constraint() {
        assertThat(action("ALTER TABLE t VALIDATE CONSTRAINT \"C\"", ValidateConstraint.class))
                .isEqualTo(new ValidateConstraint("VALIDATE CONSTRAINT \"C\"", "C"));
    }

    @Test
    void renames() {
        assertThat(action("ALTER TABLE t RENAME COLUMN a TO b", RenameColumn.class))
                .isEqualTo(new RenameColumn("RENAME COLUMN a TO b", "a", "b"));
        assertThat(action("ALTER TABLE t RENAME a TO B", RenameColumn.class))
                .isEqualTo(new RenameColumn("RENAME a TO B", "a", "b"));
        assertThat(action("ALTER TABLE t RENAME CONSTRAINT c TO d", RenameConstraint.class))
                .isEqualTo(new RenameConstraint("RENAME CONSTRAINT c TO d", "c", "d"));
        assertThat(action("ALTER TABLE t RENAME TO u", RenameTable.class)).isEqualTo(new RenameTable("RENAME TO u", "u"));
    }

    // SET …

    @Test
    void set_forms() {
        assertThat(action("ALTER TABLE t SET TABLESPACE fast", SetTablespace.class))
                .isEqualTo(new SetTablespace("SET TABLESPACE fast", "fast"));
        assertThat(action("ALTER TABLE t SET LOGGED", SetLogged.class)).isEqualTo(new SetLogged("SET LOGGED", true));
        assertThat(action("ALTER TABLE t SET UNLOGGED", SetLogged.class))
                .isEqualTo(new SetLogged("SET UNLOGGED", false));
        assertThat(action("ALTER TABLE t SET ACCESS METHOD heap2", SetAccessMethod.class))
                .isEqualTo(new SetAccessMethod("SET ACCESS METHOD heap2", "heap2"));
        assertThat(action("ALTER TABLE t SET SCHEMA archive", SetSchema.class))
                .isEqualTo(new SetSchema("SET SCHEMA archive", "archive"));
        assertThat(action("ALTER TABLE t SET (fillfactor = 70)", AlterTableAction.Other.class).text())
                .isEqualTo("SET (fillfactor = 70)");
    }

    // partitions

    @Test
    void attach_partition_keeps_its_bound() {
        AttachPartition attach = action("ALTER TABLE m ATTACH PARTITION s.m_2024 FOR VALUES FROM ('2024-01-01') "
                + "TO ('2025-01-01')", AttachPartition.class);
        assertThat(attach.partition()).isEqualTo(name("s", "m_2024"));
        assertThat(attach.bound()).isEqualTo("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        assertThat(attach.text()).startsWith("ATTACH PARTITION s.m_2024 FOR VALUES");
        assertThat(action("ALTER TABLE m ATTACH PARTITION d DEFAULT", AttachPartition.class).bound())
                .isEqualTo("DEFAULT");
    }

    @Test
    void detach_partition_forms() {
        assertThat(action("ALTER TABLE m DETACH PARTITION p", DetachPartition.class))
                .isEqualTo(new DetachPartition("DETACH PARTITION p", QualifiedName.of("p"), false, false));
        assertThat(action("ALTER TABLE m DETACH PARTITION p CONCURRENTLY", DetachPartition.class))
                .isEqualTo(new DetachPartition("DETACH PARTITION p CONCURRENTLY", QualifiedName.of("p"), true, false));
        assertThat(action("ALTER TABLE m DETACH PARTITION p FINALIZE", DetachPartition.class))
                .isEqualTo(new DetachPartition("DETACH PARTITION p FINALIZE", QualifiedName.of("p"), false, true));
    }

    // triggers and the rest

    @Test
    void enable_and_disable_trigger() {
        assertThat(action("ALTER TABLE t DISABLE TRIGGER ALL", ChangeTrigger.class).text())
                .isEqualTo("DISABLE TRIGGER ALL");
        assertThat(action("ALTER TABLE t ENABLE REPLICA TRIGGER trg", ChangeTrigger.class).text())
                .isEqualTo("ENABLE REPLICA TRIGGER trg");
        assertThat(action("ALTER TABLE t ENABLE ROW LEVEL SECURITY", AlterTableAction.Other.class).text())
                .isEqualTo("ENABLE ROW LEVEL SECURITY");
    }

    @Test
    void owner_to_is_other() {
        assertThat(action("ALTER TABLE t OWNER TO app_owner", AlterTableAction.Other.class))
                .isEqualTo(new AlterTableAction.Other("OWNER TO app_owner"));
    }
}
