package io.pgsafe.core.parse;

import static io.pgsafe.core.parse.DdlParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.model.ParsedStatement.Other;
import io.pgsafe.core.model.ParsedStatement.SetParameter;
import io.pgsafe.core.model.ParsedStatement.TransactionControl;
import io.pgsafe.core.model.TransactionCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code SET} and the transaction commands: what the engine tracks about the session. */
class SessionStatementParserTest {

    // SET

    @Test
    void set_with_equals_and_to() {
        SetParameter equals = parse("SET lock_timeout = '2s'", SetParameter.class);
        assertThat(equals.parameter()).isEqualTo("lock_timeout");
        assertThat(equals.value()).isEqualTo("2s");
        assertThat(equals.local()).isFalse();
        SetParameter to = parse("set local Statement_Timeout to 0", SetParameter.class);
        assertThat(to.parameter()).isEqualTo("statement_timeout");
        assertThat(to.value()).isEqualTo("0");
        assertThat(to.local()).isTrue();
        assertThat(parse("SET SESSION search_path TO a, b", SetParameter.class).value()).isEqualTo("a, b");
    }

    @Test
    void set_of_custom_and_spelled_out_parameters() {
        SetParameter custom = parse("SET app.tenant_id = '7'", SetParameter.class);
        assertThat(custom.parameter()).isEqualTo("app.tenant_id");
        assertThat(custom.value()).isEqualTo("7");
        SetParameter zone = parse("SET TIME ZONE 'UTC'", SetParameter.class);
        assertThat(zone.parameter()).isEqualTo("timezone");
        assertThat(zone.value()).isEqualTo("UTC");
    }

    @Test
    void set_forms_without_a_parameter_are_other() {
        assertThat(DdlParser.parse("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isInstanceOf(Other.class);
        assertThat(DdlParser.parse("SET CONSTRAINTS ALL DEFERRED")).isInstanceOf(Other.class);
        assertThat(DdlParser.parse("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")).isInstanceOf(Other.class);
    }

    // transaction control

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "begin work", "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            "START TRANSACTION", "start transaction read only"})
    void begin_forms(String sql) {
        assertThat(parse(sql, TransactionControl.class).command()).isEqualTo(TransactionCommand.BEGIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "commit work", "COMMIT TRANSACTION", "END", "COMMIT AND CHAIN"})
    void commit_forms(String sql) {
        assertThat(parse(sql, TransactionControl.class).command()).isEqualTo(TransactionCommand.COMMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROLLBACK", "rollback work", "ABORT", "ROLLBACK TRANSACTION"})
    void rollback_forms(String sql) {
        assertThat(parse(sql, TransactionControl.class).command()).isEqualTo(TransactionCommand.ROLLBACK);
    }

    @Test
    void savepoint_commands_carry_the_savepoint() {
        assertTx("SAVEPOINT Sp1", TransactionCommand.SAVEPOINT, "sp1");
        assertTx("RELEASE SAVEPOINT sp1", TransactionCommand.RELEASE_SAVEPOINT, "sp1");
        assertTx("release sp1", TransactionCommand.RELEASE_SAVEPOINT, "sp1");
        assertTx("ROLLBACK TO SAVEPOINT sp1", TransactionCommand.ROLLBACK_TO_SAVEPOINT, "sp1");
        assertTx("rollback work to sp1", TransactionCommand.ROLLBACK_TO_SAVEPOINT, "sp1");
    }

    @Test
    void two_phase_commands() {
        assertTx("PREPARE TRANSACTION 'x'", TransactionCommand.PREPARE_TRANSACTION, null);
        assertTx("COMMIT PREPARED 'x'", TransactionCommand.PREPARED_OUTCOME, null);
        assertTx("ROLLBACK PREPARED 'x'", TransactionCommand.PREPARED_OUTCOME, null);
    }

    private static void assertTx(String sql, TransactionCommand command, String savepoint) {
        TransactionControl tx = parse(sql, TransactionControl.class);
        assertThat(tx.command()).isEqualTo(command);
        assertThat(tx.savepoint()).isEqualTo(savepoint);
    }
}
