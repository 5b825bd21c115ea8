package io.pgsafe.core.rules.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.rules.PlanStep;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each rewrite of the index and constraint rules: the original statement on one fresh schema and the
 * rewritten plan (each step in autocommit, in order) on another end with identical catalogs, unnamed
 * constraints and indexes included — which also proves pgsafe names them as PostgreSQL does.
 */
@PostgresTest
class RewritesMatchOriginalLiveTest {

    /** Rows that satisfy every constraint the cases add, so validations really read something. */
    static final String SETUP = """
            create table customers (id bigint primary key, region text not null, unique (id, region));
            create table items (id bigint, name text, price numeric, low int, high int, customer_id bigint,
                                region text, email text, "Total" int, "date" date default '2024-06-01');
            insert into customers values (1, 'eu');
            insert into items select g, 'n' || g, g, g, g + 1, 1, 'eu', 'e' || g, g from generate_series(1, 200) g;
            create index items_name_idx on items (name);
            create table events (id bigint, at date not null) partition by range (at);
            create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
            create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
            """;

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    static List<Arguments> rewrites() {
        return List.of(
                Arguments.of("create index items_price_idx on items (price)", Set.of()),
                Arguments.of("drop index items_name_idx", Set.of()),
                Arguments.of("reindex index items_name_idx", Set.of()),
                Arguments.of("reindex table items", Set.of()),
                Arguments.of("alter table items add foreign key (customer_id, region) references customers (id, region)",
                        Set.of()),
                Arguments.of("alter table items add constraint items_customer_fk foreign key (customer_id) "
                        + "references customers on delete cascade, add column note text", Set.of()),
                Arguments.of("alter table items add check (price > 0 and price < 1000)", Set.of()),
                Arguments.of("alter table items add check (low < high)", Set.of()),
                Arguments.of("alter table items add check (length(trim(name)) > 0 and name is not null)", Set.of()),
                Arguments.of("alter table items add check (\"Total\"::numeric between 0 and 1000)", Set.of()),
                Arguments.of("alter table items add constraint positive check (price > 0) no inherit", Set.of()),
                Arguments.of("alter table items add check (price > cast(0 as numeric) and name <> text 'x')",
                        Set.of()),
                Arguments.of("alter table items add check (\"date\" >= date '2024-01-01')", Set.of()),
                Arguments.of("alter table items alter column email set not null", Set.of()),
                Arguments.of("alter table items alter email set not null, alter name set not null", Set.of()),
                Arguments.of("alter table items add unique (email, id)", Set.of()),
                Arguments.of("alter table items add constraint items_email_u unique (email) deferrable", Set.of()),
                Arguments.of("alter table items add primary key (id)", Set.of()),
                Arguments.of("alter table items add constraint items_pk primary key (id, email)", Set.of()),
                // DETACH … CONCURRENTLY adds a CHECK equal to the old bound to the detached table (see
                // DetachPartitionNotConcurrently); PostgreSQL names it <partition>_<key>_check.
                Arguments.of("alter table events detach partition events_2024", Set.of("events_2024_at_check")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewrites")
    void rewritten_plan_gives_the_catalog_the_original_gives(String original, Set<String> temporary, TestDatabase db)
            throws SQLException {
        int n = SCHEMAS.incrementAndGet();
        String plain = "plain_" + n;
        String rewritten = "rewritten_" + n;
        try (Connection a = db.connect(); Connection b = db.connect()) {
            prepare(a, plain);
            prepare(b, rewritten);
            Decision decision = new Guard(PgSafeConfig.defaults()).decide(StatementSplitter.split(original).get(0),
                    SessionFacts.of(new PgVersion(db.serverVersionNum()), false));
            assertThat(decision).as(original).isInstanceOf(Decision.Rewrite.class);
            List<PlanStep> steps = ((Decision.Rewrite) decision).steps();

            execute(a, original);
            for (PlanStep step : steps) {
                execute(b, step.sql());
            }
            CatalogSnapshot expected = CatalogSnapshot.of(a, plain, temporary);
            CatalogSnapshot actual = CatalogSnapshot.of(b, rewritten, temporary);
            assertThat(actual.toString()).as("plan %s", steps.stream().map(PlanStep::sql).toList())
                    .isEqualTo(expected.toString());
            assertThat(actual).isEqualTo(expected);
        }
    }

    static void prepare(Connection connection, String schema) throws SQLException {
        execute(connection, "create schema " + schema);
        execute(connection, "set search_path = " + schema);
        execute(connection, SETUP);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
