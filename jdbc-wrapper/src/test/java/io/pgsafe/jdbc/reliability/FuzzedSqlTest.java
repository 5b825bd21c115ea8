package io.pgsafe.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafe.core.config.ConfigSource;
import io.pgsafe.core.config.PgSafeConfig;
import io.pgsafe.core.config.PgVersion;
import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.engine.Guard;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.SessionFacts;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.SqlSyntaxException;
import io.pgsafe.core.sql.StatementSplitter;
import io.pgsafe.jdbc.PgSafeUrls;
import io.pgsafe.jdbc.UnsafeStatementException;
import io.pgsafe.testsupport.PostgresTest;
import io.pgsafe.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzed SQL through the whole decision path never throws out of pgsafe except {@link UnsafeStatementException}
 * (and the server's own SQLExceptions for bad SQL): the pure engine for volume (split, classify, parse, every rule,
 * the decision and its message/plan, under random session facts and configurations), and a real connection for a
 * sample (StatementGate and DecisionExecutor, Statement and PreparedStatement). Cases:
 * {@code pgsafe-test.guard-fuzz.cases} (20 000; 1M with {@code -Pfuzz-long}, or a long
 * {@code -Dpgsafe-test.fuzz.cases}); seed {@code pgsafe-test.fuzz.seed}.
 */
@PostgresTest
class FuzzedSqlTest {
    static final int CASES = cases();
    static final int LIVE_CASES = Integer.getInteger("pgsafe-test.guard-fuzz.live-cases", 400);
    private static final long SEED = Long.getLong("pgsafe-test.fuzz.seed", System.nanoTime());
    /** Kept off the live server: statements that reach outside the test database or the session. */
    private static final Pattern OUTSIDE = Pattern.compile("(?is).*(system|database|role|user|tablespace|copy|"
            + "pg_terminate|pg_cancel|pg_reload|pg_sleep|lo_|dblink|extension|subscription|publication|"
            + "checkpoint|notify|listen|prepare|grant|revoke|function|procedure|do\\b|call|load|reset|discard).*");

    private static final java.util.Set<String> SITES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static int cases() {
        int own = Integer.getInteger("pgsafe-test.guard-fuzz.cases", 20_000);
        int shared = Integer.getInteger("pgsafe-test.fuzz.cases", 0);
        return shared > 100_000 ? Math.max(own, shared) : own; // a long run asked for with -Dpgsafe-test.fuzz.cases
    }

    @Test
    void theEngineDecidesEveryFuzzedStatementWithoutThrowing() {
        List<Guard> guards = List.of(
                guard(Map.of()),
                guard(Map.of("pgsafe.mode", "warn")),
                guard(Map.of("pgsafe.rewrite", "false", "pgsafe.small-table-rows", "1000")),
                guard(Map.of("pgsafe.rules.drop-table", "warn", "pgsafe.rules.create-index-not-concurrently", "block",
                        "pgsafe.rules.set-not-null", "off")));
        Map<String, Integer> actions = new TreeMap<>();
        assertTimeoutPreemptively(Duration.ofMinutes(30), () -> {
            SqlFuzz fuzz = new SqlFuzz(SEED);
            Random random = fuzz.random();
            long start = System.nanoTime();
            int syntaxErrors = 0;
            for (int i = 0; i < CASES; i++) {
                String input = fuzz.next();
                List<SqlStatement> parts;
                try {
                    parts = StatementSplitter.split(input);
                } catch (SqlSyntaxException expected) {
                    syntaxErrors++;
                    continue;
                } catch (RuntimeException e) {
                    throw failure(i, input, e);
                }
                TransactionState state = new TransactionState();
                for (SqlStatement part : parts) {
                    try {
                        Guard guard = guards.get(random.nextInt(guards.size()));
                        SessionFacts facts = new SessionFacts(version(random), random.nextBoolean(), state,
                                new RandomCatalog(random));
                        Decision decision = guard.decide(part, facts);
                        actions.merge(decision.action(), 1, Integer::sum);
                        touch(decision);
                        if (decision instanceof Decision.Guard g && facts.inTransaction()) {
                            state.observe(g.statement(), g.lock(), g.table());
                        }
                    } catch (RuntimeException | StackOverflowError e) {
                        if (Boolean.getBoolean("pgsafe-test.fuzz.collect")) {
                            String top = java.util.Arrays.stream(e.getStackTrace()).limit(4)
                                    .map(String::valueOf).collect(java.util.stream.Collectors.joining(" < "));
                            if (SITES.add(e.getClass().getSimpleName() + " at " + top)) {
                                System.out.println("FUZZSITE " + e + " at " + top + " on " + SqlFuzz.escape(part.text()));
                            }
                            continue;
                        }
                        throw failure(i, part.text(), e);
                    }
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("pgsafe fuzz (engine): " + CASES + " cases in " + millis + " ms, " + syntaxErrors
                    + " rejected by the splitter (SqlSyntaxException), decisions " + actions + ", seed " + SEED);
        });
        assertThat(actions.keySet()).contains("allowed", "guarded", "blocked", "rewritten");
    }

    @Test
    void fuzzedStatementsOnARealConnectionFailOnlyWithSqlExceptions(TestDatabase db) throws Exception {
        String role = "pgsafe_fuzz_" + Long.toString(Math.abs(SEED) % 1_000_000_000L, 36).toLowerCase(Locale.ROOT);
        db.execute("create role " + role + " login password 'pw'; alter role " + role + " set statement_timeout = "
                + "'2s'; grant create on schema public to " + role);
        try {
            try (Connection owner = DriverManager.getConnection(db.url(), role, "pw"); Statement s = owner.createStatement()) {
                s.execute("create table t (id int primary key, x int); create table users (id int primary key, "
                        + "x text); create table u (id int primary key); create index i on t (x); "
                        + "insert into t select g, g from generate_series(1, 100) g");
            }
            Map<String, Integer> outcomes = new TreeMap<>();
            assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
                SqlFuzz fuzz = new SqlFuzz(SEED + 1);
                String url = PgSafeUrls.url(db, "pgsafe.lock-timeout=200ms&pgsafe.lock-timeout-retries=1"
                        + "&pgsafe.retry-backoff=10ms&pgsafe.statement-timeout=2s");
                Connection c = DriverManager.getConnection(url, role, "pw");
                c.setAutoCommit(false);
                int ran = 0;
                try {
                    while (ran < LIVE_CASES) {
                        String input = fuzz.next();
                        if (OUTSIDE.matcher(input).matches()) {
                            continue;
                        }
                        ran++;
                        boolean prepared = fuzz.random().nextInt(4) == 0;
                        try {
                            if (prepared) {
                                try (PreparedStatement ps = c.prepareStatement(input)) {
                                    ps.execute();
                                }
                            } else {
                                try (Statement s = c.createStatement()) {
                                    s.execute(input);
                                }
                            }
                            outcomes.merge("ran", 1, Integer::sum);
                        } catch (UnsafeStatementException e) {
                            outcomes.merge("PGS01 (blocked)", 1, Integer::sum);
                        } catch (SQLException e) {
                            outcomes.merge(UnsafeStatementException.SQLSTATE.equals(e.getSQLState())
                                    ? "PGS01 (not runnable here)" : "server " + e.getSQLState(), 1, Integer::sum);
                            if (e.getMessage() != null && e.getMessage().contains("internal error")) {
                                fail("pgsafe internal error on " + SqlFuzz.escape(input), e);
                            }
                        } catch (RuntimeException | Error e) {
                            fail("case " + ran + " (seed " + SEED + ") threw out of pgsafe on " + SqlFuzz.escape(input), e);
                        }
                        try {
                            if (!c.getAutoCommit()) {
                                c.rollback();
                            }
                        } catch (SQLException e) {
                            outcomes.merge("reconnect", 1, Integer::sum);
                            c.close();
                            c = DriverManager.getConnection(url, role, "pw");
                            c.setAutoCommit(false);
                        }
                    }
                    assertThat(c.isValid(2)).isTrue();
                } finally {
                    c.close();
                }
            });
            System.out.println("pgsafe fuzz (live, " + LIVE_CASES + " cases, seed " + SEED + "): " + outcomes);
            assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("PGS01"));
        } finally {
            db.execute("drop owned by " + role + "; drop role " + role);
        }
    }

    private static Guard guard(Map<String, String> settings) {
        return new Guard(PgSafeConfig.layered(List.of(new ConfigSource("test", settings)), RuleCatalog.ids()));
    }

    private static PgVersion version(Random random) {
        int[][] versions = {{12, 0}, {13, 4}, {14, 2}, {14, 9}, {15, 0}, {16, 3}, {17, 11}, {18, 0}};
        int[] v = versions[random.nextInt(versions.length)];
        return PgVersion.of(v[0], v[1]);
    }

    /** Reads everything a decision offers, as the executor, the telemetry and the log do. */
    private static void touch(Decision decision) {
        if (decision instanceof Decision.Block block) {
            assertThat(block.message()).startsWith("pgsafe blocked");
        } else if (decision instanceof Decision.Rewrite rewrite) {
            assertThat(rewrite.steps()).isNotEmpty();
            rewrite.steps().forEach(step -> DdlParser.parse(step.sql()));
            rewrite.transactional();
        } else if (decision instanceof Decision.Guard guard) {
            if (guard.statement() != null) {
                guard.statement().summary();
            }
        }
    }

    private static AssertionError failure(int i, String input, Throwable e) {
        return new AssertionError("case " + i + " (seed " + SEED + ") threw out of the engine on "
                + SqlFuzz.escape(input), e);
    }

    /** Catalog answers that are sometimes unknown and otherwise random. */
    private record RandomCatalog(Random random) implements SessionFacts.CatalogFacts {
        @Override
        public Optional<Boolean> isVolatileFunction(String name) {
            return random.nextBoolean() ? Optional.empty() : Optional.of(random.nextBoolean());
        }

        @Override
        public Optional<Boolean> hasValidatedNotNullCheck(QualifiedName table, String column) {
            return random.nextBoolean() ? Optional.empty() : Optional.of(random.nextBoolean());
        }

        @Override
        public Optional<Boolean> columnNotNull(QualifiedName table, String column) {
            return random.nextBoolean() ? Optional.empty() : Optional.of(random.nextBoolean());
        }

        @Override
        public Optional<Boolean> isPartitioned(QualifiedName table) {
            return random.nextBoolean() ? Optional.empty() : Optional.of(random.nextBoolean());
        }

        @Override
        public OptionalLong estimatedRows(QualifiedName table) {
            return random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(random.nextInt(3) - 1L);
        }

        @Override
        public OptionalLong estimatedBytes(QualifiedName table) {
            return random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(random.nextLong(1L << 40));
        }

        @Override
        public Optional<String> columnType(QualifiedName table, String column) {
            String[] types = {"integer", "bigint", "text", "character varying(10)", "timestamp without time zone", ""};
            return random.nextBoolean() ? Optional.empty() : Optional.of(types[random.nextInt(types.length)]);
        }

        @Override
        public Optional<String> sessionTimeZone() {
            return random.nextBoolean() ? Optional.empty() : Optional.of(random.nextBoolean() ? "UTC" : "Europe/Paris");
        }
    }
}
