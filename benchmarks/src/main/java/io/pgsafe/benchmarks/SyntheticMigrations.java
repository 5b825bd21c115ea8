package io.pgsafe.benchmarks;

import java.util.SplittableRandom;

/**
 * A generated migration-like text that exercises every part of the splitter: dollar-quoted bodies with
 * semicolons inside, line and nested block comments, string literals with doubled quotes and {@code E''}
 * escapes, quoted identifiers and parentheses. Seeded, so every run measures the same text.
 */
final class SyntheticMigrations {

    private static final String[] TABLES = {"users", "orders", "order_items", "\"Audit Log\"", "billing.invoices",
            "accounts", "sessions", "events"};
    private static final String[] COLUMNS = {"id", "email", "name", "created_at", "last_seen", "status",
            "\"displayName\"", "amount_cents", "payload"};

    private SyntheticMigrations() {
    }

    /** At least {@code minChars} characters of whole statements. */
    static String generate(int minChars, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(minChars + 4096);
        int n = 0;
        while (out.length() < minChars) {
            append(out, random, n++);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, SplittableRandom random, int n) {
        String table = pick(TABLES, random);
        String column = pick(COLUMNS, random);
        switch (random.nextInt(10)) {
            case 0 -> out.append("-- migration step ").append(n).append(": add ").append(column).append(" (see ticket; it's safe)\n")
                    .append("ALTER TABLE ").append(table).append(" ADD COLUMN c").append(n).append(" timestamptz;\n");
            case 1 -> out.append("/* index for lookups by ").append(column).append(" /* nested; comment */ */\n")
                    .append("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_").append(n).append(" ON ").append(table)
                    .append(" (").append(column).append(", lower(name));\n");
            case 2 -> out.append("CREATE TABLE t").append(n).append(" (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
                    .append("    ").append(column).append(" text NOT NULL DEFAULT 'n/a; none',\n")
                    .append("    amount numeric(12, 2) CHECK (amount >= 0),\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n");
            case 3 -> out.append("INSERT INTO ").append(table).append(" (").append(column).append(", note) VALUES ('O''Brien; ")
                    .append(n).append("', E'line\\none; \\'quoted\\''), ('plain', NULL);\n");
            case 4 -> out.append("DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_").append(n)
                    .append("') THEN\n        CREATE TYPE status_").append(n).append(" AS ENUM ('new', 'paid', 'void');\n")
                    .append("    END IF;\nEND\n$$;\n");
            case 5 -> out.append("CREATE OR REPLACE FUNCTION touch_").append(n).append("() RETURNS trigger\nLANGUAGE plpgsql AS $fn$\n")
                    .append("BEGIN\n    NEW.updated_at := now(); -- keep it fresh\n    RETURN NEW;\nEND;\n$fn$;\n");
            case 6 -> out.append("UPDATE ").append(table).append(" SET ").append(column).append(" = 'x;y' WHERE id IN (SELECT id FROM ")
                    .append(table).append(" WHERE ").append(column).append(" IS NULL LIMIT 1000);\n");
            case 7 -> out.append("COMMENT ON TABLE ").append(table).append(" IS 'Holds rows; see docs ''v").append(n).append("''';\n");
            case 8 -> out.append("ALTER TABLE ").append(table).append(" ADD CONSTRAINT fk_").append(n)
                    .append(" FOREIGN KEY (").append(column).append(") REFERENCES accounts (id) NOT VALID;\n")
                    .append("ALTER TABLE ").append(table).append(" VALIDATE CONSTRAINT fk_").append(n).append(";\n");
            default -> out.append("CREATE VIEW v").append(n).append(" AS SELECT ").append(column)
                    .append(", count(*) AS \"n;rows\" FROM ").append(table).append(" GROUP BY 1;\n\n");
        }
    }

    private static String pick(String[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
