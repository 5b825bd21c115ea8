package io.pgsafe.core.sql;

import java.util.Arrays;

/**
 * The significant tokens (no whitespace, no comments) of one statement, in order, as offsets into the text
 * it was read from: what the splitter has read already, handed to the parser so that it does not lex the
 * statement a second time. The splitter refills one instance for statement after statement.
 */
public final class SignificantTokens {

    private static final TokenKind[] KINDS = TokenKind.values();

    private int[] starts;
    private int[] ends;
    /** {@link TokenKind} ordinals: a byte store, where a reference store would pay the GC's card marking. */
    private byte[] kinds;
    private int size;

    SignificantTokens(int capacity) {
        starts = new int[capacity];
        ends = new int[capacity];
        kinds = new byte[capacity];
    }

    /** The significant tokens of {@code sql}, lexed as SQL an application sends (no psql meta-commands). */
    public static SignificantTokens of(String sql) {
        SignificantTokens tokens = new SignificantTokens(Math.max(8, sql.length() / 4));
        SqlLexer lexer = new SqlLexer(sql);
        while (lexer.next()) {
            if (!lexer.kind().isTrivia()) {
                tokens.add(lexer.kind(), lexer.start(), lexer.end());
            }
        }
        return tokens;
    }

    void add(TokenKind kind, int start, int end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }

    void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public TokenKind kind(int token) {
        return KINDS[kinds[token]];
    }

    /** Offset of token {@code token} in the text it was read from. */
    public int startOf(int token) {
        return starts[token];
    }

    public int endOf(int token) {
        return ends[token];
    }
}
