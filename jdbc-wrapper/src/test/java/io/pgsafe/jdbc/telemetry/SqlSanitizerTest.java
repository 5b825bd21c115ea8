package io.pgsafe.jdbc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlSanitizerTest {

    @Test
    void everyLiteralBecomesAQuestionMarkAndIdentifiersStay() {
        assertThat(SqlSanitizer.strip("ALTER TABLE t1 ADD COLUMN c2 text DEFAULT 'o''brien' NOT NULL"))
                .isEqualTo("ALTER TABLE t1 ADD COLUMN c2 text DEFAULT ? NOT NULL");
        assertThat(SqlSanitizer.strip("select E'a\\'b', U&'d\\0061t', B'0101', X'1F', $$x 'y'$$, $tag$z$tag$"))
                .isEqualTo("select ?, ?, ?, ?, ?, ?");
        assertThat(SqlSanitizer.strip("update t set n = -42.5e3, m = .5 where id = $1 and k = ?"))
                .isEqualTo("update t set n = -?, m = ? where id = $1 and k = ?");
        assertThat(SqlSanitizer.strip("select '1'::int, \"Quoted 42\" from s.\"T\""))
                .isEqualTo("select ?::int, \"Quoted 42\" from s.\"T\"");
    }

    @Test
    void commentsAndRunsOfWhitespaceGo() {
        assertThat(SqlSanitizer.strip("-- pgsafe:allow drop-table secret reason 123\nDROP   TABLE /* 'x' */ t\n"))
                .isEqualTo("DROP TABLE t");
    }

    @Test
    void unterminatedOrOddTextNeverThrowsNorLeaks() {
        assertThat(SqlSanitizer.strip("select 'unterminated secret")).doesNotContain("secret");
        assertThat(SqlSanitizer.strip(null)).isEmpty();
        assertThat(SqlSanitizer.strip("select 1", 3)).isEqualTo("sel…");
    }

    @Test
    void serverAddressAndPortNeverCarryUserInfoOrParameters() {
        Map<String, Object> a = new LinkedHashMap<>();
        SessionTelemetry.hostAndPort("jdbc:postgresql://alice:pw-123@db.example.com:5433/app?password=pw-123", a);
        assertThat(a).containsEntry("server.address", "db.example.com").containsEntry("server.port", 5433L);
        assertThat(a.toString()).doesNotContain("pw-123").doesNotContain("alice");
        a.clear();
        SessionTelemetry.hostAndPort("jdbc:postgresql://h1,h2:5434/app", a);
        assertThat(a).containsEntry("server.address", "h1").containsEntry("server.port", 5432L);
        a.clear();
        SessionTelemetry.hostAndPort("jdbc:postgresql://[::1]:6432/app", a);
        assertThat(a).containsEntry("server.address", "[::1]").containsEntry("server.port", 6432L);
    }

    @Test
    void statementSummariesNameTheOperationAndTarget() {
        assertThat(SessionTelemetry.summarize("insert into audit (id, v) values (1, 'x')")).isEqualTo("INSERT audit");
        assertThat(SessionTelemetry.summarize("UPDATE accounts SET note = 'secret' WHERE id > 0"))
                .isEqualTo("UPDATE accounts");
        assertThat(SessionTelemetry.summarize("select pg_sleep(1)")).doesNotContain("1");
    }
}
