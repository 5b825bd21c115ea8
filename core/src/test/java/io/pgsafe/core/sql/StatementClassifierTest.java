package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementClassifierTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "select * from t where id = ?|OTHER",
            "insert into t values (1)|OTHER",
            "with x as (select 1) select * from x|OTHER",
            "set lock_timeout = '1s'|OTHER",
            "createtable|OTHER",
            "create index i on t (a)|DDL",
            "  CREATE INDEX i on t (a)|DDL",
            "/* c /* nested */ */ -- x\\n alter table t add column a int|DDL",
            "Drop table t|DDL",
            "truncate t|DDL",
            "reindex index i|DDL",
            "vacuum full t|DDL",
            "cluster t|DDL",
            "lock table t|DDL",
            "refresh materialized view v|DDL",
            "comment on table t is 'x'|DDL",
            "grant select on t to u|DDL",
            "revoke select on t from u|DDL",
            "begin|TRANSACTION_CONTROL",
            "START TRANSACTION|TRANSACTION_CONTROL",
            "commit|TRANSACTION_CONTROL",
            "end|TRANSACTION_CONTROL",
            "rollback to savepoint s|TRANSACTION_CONTROL",
            "abort|TRANSACTION_CONTROL",
            "savepoint s|TRANSACTION_CONTROL",
            "release s|TRANSACTION_CONTROL",
            "update t set a = 1|UPDATE",
            "delete from t|DELETE",
            "(select 1)|OTHER",
            "alter_x|OTHER",
            "drop$x|OTHER",
    })
    void classifies_by_first_keyword(String sql, StatementClass expected) {
        assertThat(StatementClassifier.classify(sql.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "-- only a comment", "/* unterminated", "123", "?"})
    void odd_input_is_other(String sql) {
        assertThat(StatementClassifier.classify(sql)).isEqualTo(StatementClass.OTHER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "select 1|false",
            "select 1;|false",
            "select 1;  \\n|false",
            "select 1; create index i on t(a)|true",
            "select ';x'|true",
    })
    void tells_when_a_text_may_hold_several_statements(String sql, boolean expected) {
        assertThat(StatementClassifier.mayHoldSeveralStatements(sql.replace("\\n", "\n"))).isEqualTo(expected);
    }
}
