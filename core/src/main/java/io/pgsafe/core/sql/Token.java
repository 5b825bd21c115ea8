package io.pgsafe.core.sql;

/** A token as a range {@code [start, end)} of the text it was read from. */
public record Token(TokenKind kind, int start, int end) {

    public String text(CharSequence source) {
        return source.subSequence(start, end).toString();
    }

    public int length() {
        return end - start;
    }
}
