package io.pgsafe.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Test helper: proves that a split is lossless. */
final class Reassembly {

    private Reassembly() {
    }

    /**
     * Rebuilds the source from the statements and the text between them, asserting on the way that each
     * statement's text is the source at its offsets and that the ranges are ordered and disjoint.
     */
    static String reassemble(String source, List<SqlStatement> statements) {
        StringBuilder out = new StringBuilder(source.length());
        int at = 0;
        for (SqlStatement statement : statements) {
            assertThat(statement.start()).isGreaterThanOrEqualTo(at);
            assertThat(statement.end()).isGreaterThan(statement.start());
            out.append(source, at, statement.start());
            assertThat(statement.text()).isEqualTo(source.substring(statement.start(), statement.end()));
            out.append(statement.text());
            at = statement.end();
        }
        out.append(source, at, source.length());
        return out.toString();
    }
}
