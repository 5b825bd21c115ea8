package io.pgsafe.testsupport;

import java.util.Objects;

/**
 * What happened when the harness tried one way to get a server; the failure message is made of these.
 *
 * @param cause the exception behind a {@link Outcome#FAILED} attempt, else {@code null}
 */
record Attempt(PostgresSource source, Outcome outcome, String detail, Throwable cause) {

    enum Outcome {
        /** Nothing configured for this way (no URL given). */
        NOT_CONFIGURED("not configured"),
        /** Its precondition is missing (no Docker engine). */
        UNAVAILABLE("unavailable"),
        /** Deliberately not tried (another way was forced or an explicit URL failed). */
        SKIPPED("not tried"),
        /** Tried and failed. */
        FAILED("failed");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    Attempt {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    static Attempt notConfigured(PostgresSource source, String detail) {
        return new Attempt(source, Outcome.NOT_CONFIGURED, detail, null);
    }

    static Attempt unavailable(PostgresSource source, String detail) {
        return new Attempt(source, Outcome.UNAVAILABLE, detail, null);
    }

    static Attempt skipped(PostgresSource source, String detail) {
        return new Attempt(source, Outcome.SKIPPED, detail, null);
    }

    static Attempt failed(PostgresSource source, String what, Throwable cause) {
        return new Attempt(source, Outcome.FAILED, what + ": " + summarize(cause), cause);
    }

    /** The exception and its causes on one line: the root cause is usually the informative part. */
    static String summarize(Throwable error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                text.append(" <- caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().strip().replace('\n', ' '));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
