package io.pgsafe.jdbc.reliability;

import io.pgsafe.testsupport.MigrationCorpus;
import java.util.List;
import java.util.Random;

/**
 * Fuzzed SQL biased towards what pgsafe's engine looks at: DDL heads followed by random DDL words and lexer edge
 * fragments (the ideas of core's SplitterPropertyTest), mutated DDL templates, and mutated windows of the real
 * migration corpus.
 */
final class SqlFuzz {
    static final String[] HEADS = {
        "ALTER TABLE t ", "ALTER TABLE IF EXISTS ONLY public.t ", "CREATE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ",
        "DROP INDEX ", "DROP TABLE ", "REINDEX ", "VACUUM ", "CLUSTER ", "LOCK TABLE ", "TRUNCATE ", "UPDATE t SET ",
        "DELETE FROM t ", "CREATE TABLE ", "REFRESH MATERIALIZED VIEW ", "ALTER TYPE ", "CREATE TRIGGER ", "COMMENT ON ",
        "BEGIN; ", "COMMIT", "SET lock_timeout = ", "SELECT ", "INSERT INTO t ", "ALTER INDEX ", "DROP TABLE IF EXISTS ",
    };
    static final String[] WORDS = {
        "t", "users", "public.t", "\"T\"", "x", "id", "ADD", "COLUMN", "IF", "NOT", "EXISTS", "DROP", "ALTER", "TYPE",
        "bigint", "int", "text", "varchar(10)", "char(2)", "timestamp", "serial", "SET", "DEFAULT", "now()",
        "random()", "gen_random_uuid()", "0", "'x'", "NULL", "NOT NULL", "CONSTRAINT", "c", "CHECK", "(x > 0)",
        "FOREIGN KEY", "(id)", "REFERENCES", "PRIMARY KEY", "UNIQUE", "USING", "INDEX", "NOT VALID", "VALIDATE",
        "RENAME", "TO", "ON", "CONCURRENTLY", "ONLY", "GENERATED ALWAYS AS", "STORED", "IDENTITY", "ATTACH",
        "DETACH", "PARTITION", "FOR VALUES", "FROM", "(1)", "(MAXVALUE)", "TABLESPACE", "LOGGED", "UNLOGGED", "IN",
        "ACCESS EXCLUSIVE", "MODE", "FULL", "CASCADE", "WHERE", "x = 1", "VALUE", "EXCLUDE", "gist", "WITH", "&&",
        "-- pgsafe:allow drop-table because\n", "/* pgsafe:allow create-index-not-concurrently, set-not-null r */",
        "-- pgsafe:allow\n", ",", ";", "(", ")", "'", "\"", "$$", "$a$", "E'\\'", "::", "--", "/*", "*/", "\n", " ",
        "é", "\u0000", "\uD83D\uDE00", "99999999999999999999", "-1", ".", "*",
    };
    static final String[] TEMPLATES = {
        "ALTER TABLE t ADD COLUMN c int DEFAULT now()", "CREATE INDEX i ON t (x)", "DROP INDEX i",
        "ALTER TABLE t ALTER COLUMN x SET NOT NULL", "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES u (id)",
        "ALTER TABLE t ALTER COLUMN x TYPE bigint", "ALTER TABLE t RENAME COLUMN x TO y", "VACUUM FULL t",
        "ALTER TABLE t ADD PRIMARY KEY USING INDEX i", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY t USING btree (lower(x))",
        "ALTER TABLE p DETACH PARTITION c", "ALTER TABLE p ATTACH PARTITION c FOR VALUES FROM (1) TO (2)",
        "LOCK TABLE t IN SHARE MODE", "REINDEX TABLE CONCURRENTLY t", "ALTER TABLE t ADD COLUMN s serial",
        "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (x * 2) STORED", "ALTER TYPE e ADD VALUE 'v'",
        "ALTER TABLE t ADD CONSTRAINT u UNIQUE (x)", "ALTER TABLE t SET UNLOGGED", "CLUSTER t USING i",
        "UPDATE t SET x = 1", "DELETE FROM t", "TRUNCATE t", "DROP TABLE t", "REFRESH MATERIALIZED VIEW m",
    };

    private final Random random;
    private final List<String> corpus;

    SqlFuzz(long seed) {
        this.random = new Random(seed);
        this.corpus = MigrationCorpus.directory()
                .map(dir -> MigrationCorpus.files(dir).stream().map(MigrationCorpus::read).toList())
                .orElse(List.of());
    }

    Random random() {
        return random;
    }

    /** The next case: structured DDL (half), a mutated template, or a mutated corpus window. */
    String next() {
        int kind = random.nextInt(8);
        if (kind < 4) {
            StringBuilder out = new StringBuilder(HEADS[random.nextInt(HEADS.length)]);
            int words = random.nextInt(14);
            for (int i = 0; i < words; i++) {
                out.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            return out.toString();
        }
        if (kind < 7 || corpus.isEmpty()) {
            return mutate(TEMPLATES[random.nextInt(TEMPLATES.length)]);
        }
        String seed = corpus.get(random.nextInt(corpus.size()));
        int from = random.nextInt(Math.max(1, seed.length()));
        return mutate(seed.substring(from, Math.min(seed.length(), from + 1 + random.nextInt(600))));
    }

    private String mutate(String seed) {
        StringBuilder out = new StringBuilder(seed);
        int edits = random.nextInt(4);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(6)));
                case 1 -> out.insert(at, " " + WORDS[random.nextInt(WORDS.length)] + " ");
                default -> out.insert(at, out.charAt(random.nextInt(out.length())));
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
