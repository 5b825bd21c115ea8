package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafe.testsupport.MigrationCorpus;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For random and mutated inputs the lexer and splitter never throw anything but {@link SqlSyntaxException},
 * never loop, and give back the input byte for byte. 100k cases by default; {@code -Pfuzz-long} runs 1M.
 */
class SplitterPropertyTest {

    private static final int CASES = Integer.getInteger("pgsafe-test.fuzz.cases", 100_000);
    private static final long SEED = Long.getLong("pgsafe-test.fuzz.seed", System.nanoTime());

    /** Fragments chosen to hit every lexer state and its edges, including half-open ones. */
    private static final String[] FRAGMENTS = {
        "select", "create", "index", "concurrently", "begin", "atomic", "end", "case", "function", "procedure",
        "or", "replace", "copy", "from", "stdin", "commit", " ", "\n", "\r\n", "\t", ";", ";", "(", ")", "[", "]",
        ",", ".", ":", "::", "'", "''", "E'", "e'\\'", "\\", "\\.", "U&'", "U&\"", "B'", "X'", "N'", "\"", "\"\"",
        "$", "$$", "$a$", "$1", "$tag$", "--", "-- c\n", "/*", "*/", "/* x */", "+", "-", "*", "/", "<>", "?",
        "?|", "=", "1", "1.5e3", ".5", "0x1F", "é", "\u00a0", "\u2028", "\uD83D\uDE00", "x$y", "{", "}", "#",
    };

    @Test
    void random_and_mutated_inputs_split_losslessly_or_fail_cleanly() {
        Random random = new Random(SEED);
        List<String> seeds = corpusSeeds();
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            for (int i = 0; i < CASES; i++) {
                String input = (i % 4 == 3 && !seeds.isEmpty())
                        ? mutate(seeds.get(random.nextInt(seeds.size())), random)
                        : randomText(random);
                check(input, i);
            }
        }, () -> "a case did not finish (seed " + SEED + ")");
    }

    private static void check(String input, int caseNumber) {
        for (SplitMode mode : SplitMode.values()) {
            try {
                List<SqlStatement> statements = StatementSplitter.split(input, mode);
                assertThat(Reassembly.reassemble(input, statements)).isEqualTo(input);
            } catch (SqlSyntaxException expected) {
                assertThat(expected.line()).isPositive();
                assertThat(expected.column()).isPositive();
                assertThat(expected.offset()).isBetween(0, input.length());
            } catch (RuntimeException | AssertionError e) {
                fail("case " + caseNumber + " (seed " + SEED + ", " + mode + ") failed on: " + escape(input), e);
            }
        }
        StatementClassifier.classify(input);
        StatementClassifier.mayHoldSeveralStatements(input);
    }

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        int fragments = 1 + random.nextInt(40);
        for (int f = 0; f < fragments; f++) {
            if (random.nextInt(8) == 0) {
                out.append((char) random.nextInt(0x3000));
            } else {
                out.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return out.toString();
    }

    /** Deletes, duplicates or inserts a few characters of a real migration (or a window of one). */
    private static String mutate(String seed, Random random) {
        int from = random.nextInt(Math.max(1, seed.length()));
        int to = Math.min(seed.length(), from + 1 + random.nextInt(2000));
        StringBuilder out = new StringBuilder(seed.substring(from, to));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                default -> out.insert(at, out.charAt(random.nextInt(out.length())));
            }
        }
        return out.toString();
    }

    private static List<String> corpusSeeds() {
        return MigrationCorpus.directory()
                .map(dir -> MigrationCorpus.files(dir).stream().map(MigrationCorpus::read).toList())
                .orElseGet(() -> List.of("create index i on t (a); select 'x'; create function f() as $$ begin end $$;"));
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

}
