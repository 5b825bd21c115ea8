package io.pgsafe.core.sql;

/** Where the text comes from, which decides what besides SQL it may contain. */
public enum SplitMode {
    /** SQL an application sends through JDBC: nothing but SQL. */
    JDBC(false),
    /**
     * A migration file that psql could run: psql meta-command lines ({@code \set}, {@code \connect}, …)
     * and the data after {@code COPY … FROM stdin;} up to a line {@code \.} are passed over.
     */
    MIGRATION_FILE(true);

    private final boolean psqlInput;

    SplitMode(boolean psqlInput) {
        this.psqlInput = psqlInput;
    }

    public boolean psqlInput() {
        return psqlInput;
    }
}
