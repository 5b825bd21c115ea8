package io.pgsafe.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.testsupport.ConcurrentBuildProbe;
import io.pgsafe.it.jpa.JpaApp;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hibernate (Boot 4.0.7's managed version) with {@code spring.jpa.hibernate.ddl-auto=update} through
 * {@code jdbc:pgsafe:postgresql://}: an existing, filled table gets a new column (a nullable {@code add column},
 * run under pgsafe's lock timeouts) and a new index, which pgsafe builds
 * CONCURRENTLY. The server-side check is the index's {@code indisvalid}; the proof that it was a concurrent build is
 * pgsafe's own "rewrote" log line.
 */
@PostgresTest
class HibernateDdlAutoUpdateTest {

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void schemaUpdateAddsTheColumnAndPgsafeBuildsTheIndexConcurrently(TestDatabase db) throws Exception {
        db.execute("create table customers (id bigint primary key, name varchar(255))");
        db.execute("insert into customers select g, 'c' || g from generate_series(1, 1000) g");

        List<String> log = LogCapture.linesDuring(() -> SpringApps.start(JpaApp.class, db,
                "spring.jpa.hibernate.ddl-auto=update", "spring.flyway.enabled=false").close());

        List<String> pgsafe = log.stream().filter(l -> l.contains(" io.pgsafe - ")).toList();
        assertThat(db.queryForLong("select count(*) from information_schema.columns "
                + "where table_name = 'customers' and column_name = 'email'")).isOne();
        // Hibernate 7 runs the schema update with autocommit on (its non-JTA DDL transaction isolator), so each
        // statement is its own transaction and pgsafe can rewrite Hibernate's "create index" into a concurrent
        // build instead of blocking it. (In a transaction the same statement would be blocked with PGS01.)
        assertThat(pgsafe).anyMatch(l -> l.contains("pgsafe rewrote CREATE INDEX customers")
                && l.contains("create index CONCURRENTLY customers_email on customers (email)"));
        assertThat(pgsafe).noneMatch(l -> l.contains("pgsafe blocked"));
        assertThat(ConcurrentBuildProbe.indexIsValid(db, "customers_email")).isTrue();
    }
}
