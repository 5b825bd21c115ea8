package io.pgsafe.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's scanner rules ({@code src/backend/parser/scan.l}), as a cursor that allocates nothing per
 * token: call {@link #next()} and read {@link #kind()}, {@link #start()} and {@link #end()}.
 *
 * <p>It assumes {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1), so a
 * backslash is an ordinary character in {@code '…'} and an escape only in {@code E'…'}. Every call to
 * {@link #next()} consumes at least one character, so lexing always terminates.
 */
public final class SqlLexer {

    /** A String, not any CharSequence: String.charAt is an intrinsic, and this loop is the whole cost of lexing. */
    private final String src;
    private final int length;
    private final boolean psqlMetaCommands;

    private int pos;
    private TokenKind kind;
    private int start;

    /** A lexer for SQL sent by an application (no psql meta-commands). */
    public SqlLexer(CharSequence src) {
        this(src, false);
    }

    /**
     * @param psqlMetaCommands whether a backslash outside quotes starts a psql meta-command that runs to the
     *                         end of the line, as in migration files that psql runs
     */
    public SqlLexer(CharSequence src, boolean psqlMetaCommands) {
        this.src = src.toString();
        this.length = this.src.length();
        this.psqlMetaCommands = psqlMetaCommands;
    }

    /** Every token of {@code sql}, trivia included. */
    public static List<Token> tokenize(CharSequence sql) {
        SqlLexer lexer = new SqlLexer(sql);
        List<Token> tokens = new ArrayList<>();
        while (lexer.next()) {
            tokens.add(lexer.token());
        }
        return tokens;
    }

    public CharSequence source() {
        return src;
    }

    public TokenKind kind() {
        return kind;
    }

    public int start() {
        return start;
    }

    public int end() {
        return pos;
    }

    public Token token() {
        return new Token(kind, start, pos);
    }

    /** Continues from {@code offset}, which must be a token boundary (used to pass over COPY data). */
    public void reset(int offset) {
        this.pos = offset;
        this.kind = null;
    }

    /** Reads the next token; false at the end of the text. */
    public boolean next() {
        if (pos >= length) {
            kind = null;
            start = length;
            return false;
        }
        start = pos;
        char c = src.charAt(pos);
        if (isIdentStart(c)) {
            // the commonest token, tested before the switch (none of whose labels starts an identifier) so that
            // it does not walk the switch's compare tree to its default
            identifierOrPrefixedString(c);
            return true;
        }
        switch (c) {
            case ' ', '\t', '\n', '\r', '\f', 0x0B -> whitespace();
            case '\'' -> quoted(pos + 1, TokenKind.STRING, false);
            case '"' -> quotedIdentifier(pos + 1, TokenKind.QUOTED_IDENTIFIER);
            case '$' -> dollar();
            case '(' -> single(TokenKind.LEFT_PAREN);
            case ')' -> single(TokenKind.RIGHT_PAREN);
            case '[' -> single(TokenKind.LEFT_BRACKET);
            case ']' -> single(TokenKind.RIGHT_BRACKET);
            case ',' -> single(TokenKind.COMMA);
            case ';' -> single(TokenKind.SEMICOLON);
            case ':' -> colon();
            case '.' -> {
                if (pos + 1 < length && isDigit(src.charAt(pos + 1))) {
                    number();
                } else {
                    single(TokenKind.DOT);
                }
            }
            case '\\' -> {
                if (psqlMetaCommands) {
                    metaCommand();
                } else {
                    single(TokenKind.OTHER);
                }
            }
            default -> {
                if (isDigit(c)) {
                    number();
                } else if (isOperatorChar(c)) {
                    operator();
                } else {
                    single(TokenKind.OTHER);
                }
            }
        }
        return true;
    }

    private void single(TokenKind k) {
        kind = k;
        pos++;
    }

    private void whitespace() {
        kind = TokenKind.WHITESPACE;
        while (pos < length && isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private void lineComment() {
        kind = TokenKind.LINE_COMMENT;
        int newline = src.indexOf('\n', pos + 2);
        int end = newline < 0 ? length : newline;
        for (int i = pos + 2; i < end; i++) {
            if (src.charAt(i) == '\r') { // a lone \r ends the comment too
                end = i;
                break;
            }
        }
        pos = end;
    }

    /** Block comments nest in PostgreSQL, unlike the SQL standard. */
    private void blockComment() {
        kind = TokenKind.BLOCK_COMMENT;
        int depth = 1;
        pos += 2;
        while (pos < length) {
            char c = src.charAt(pos);
            if (c == '*' && pos + 1 < length && src.charAt(pos + 1) == '/') {
                pos += 2;
                if (--depth == 0) {
                    return;
                }
            } else if (c == '/' && pos + 1 < length && src.charAt(pos + 1) == '*') {
                pos += 2;
                depth++;
            } else {
                pos++;
            }
        }
        throw unterminated("unterminated /* comment");
    }

    /**
     * A quoted string whose body starts at {@code bodyStart}; {@code ''} stands for one quote and, with
     * {@code backslashEscapes}, a backslash escapes the next character.
     */
    private void quoted(int bodyStart, TokenKind k, boolean backslashEscapes) {
        kind = k;
        if (!backslashEscapes) {
            pos = closingQuote(bodyStart, '\'', "unterminated quoted string");
            return;
        }
        int i = bodyStart;
        while (i < length) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < length && src.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    pos = i + 1;
                    return;
                }
            } else {
                i++;
            }
        }
        throw unterminated("unterminated quoted string");
    }

    /**
     * The offset after the quote that closes a body starting at {@code from}, where a doubled quote stands for
     * one. String.indexOf is vectorised, which matters: literals and bodies are most of a migration's bytes.
     */
    private int closingQuote(int from, char quote, String problem) {
        int i = from;
        while (true) {
            int q = src.indexOf(quote, i);
            if (q < 0) {
                throw unterminated(problem);
            }
            if (q + 1 < length && src.charAt(q + 1) == quote) {
                i = q + 2;
            } else {
                return q + 1;
            }
        }
    }

    private void quotedIdentifier(int bodyStart, TokenKind k) {
        kind = k;
        pos = closingQuote(bodyStart, '"', "unterminated quoted identifier");
    }

    /** {@code $1}, {@code $$…$$}, {@code $tag$…$tag$}, or a lone {@code $}. */
    private void dollar() {
        int i = pos + 1;
        if (i < length && isDigit(src.charAt(i))) {
            kind = TokenKind.PARAMETER;
            while (i < length && isDigit(src.charAt(i))) {
                i++;
            }
            pos = i;
            return;
        }
        if (i < length && isDollarTagStart(src.charAt(i))) {
            i++;
            while (i < length && isDollarTagContinue(src.charAt(i))) {
                i++;
            }
        }
        if (i >= length || src.charAt(i) != '$') {
            // PostgreSQL's "dolqfailed": the $ stands alone.
            single(TokenKind.OTHER);
            return;
        }
        int delimiterLength = i + 1 - pos;
        int close = src.indexOf(src.substring(pos, pos + delimiterLength), i + 1);
        if (close < 0) {
            throw unterminated("unterminated dollar-quoted string " + src.subSequence(pos, pos + delimiterLength));
        }
        kind = TokenKind.DOLLAR_STRING;
        pos = close + delimiterLength;
    }

    private void colon() {
        if (pos + 1 < length && src.charAt(pos + 1) == ':') {
            kind = TokenKind.TYPECAST;
            pos += 2;
        } else if (pos + 1 < length && src.charAt(pos + 1) == '=') {
            kind = TokenKind.OPERATOR; // := in function-call notation
            pos += 2;
        } else {
            single(TokenKind.COLON);
        }
    }

    /**
     * Numbers are read generously (PostgreSQL 16's underscores, 0x/0o/0b prefixes, exponents); trailing
     * identifier characters are taken along as PostgreSQL reports them as junk of the same token.
     */
    private void number() {
        kind = TokenKind.NUMBER;
        int i = pos;
        while (i < length) {
            char c = src.charAt(i);
            if (isIdentContinue(c) && c != '$') {
                if ((c == 'e' || c == 'E') && i + 1 < length
                        && (src.charAt(i + 1) == '+' || src.charAt(i + 1) == '-')
                        && i + 2 < length && isDigit(src.charAt(i + 2))) {
                    i += 2;
                }
                i++;
            } else if (c == '.' && !(i + 1 < length && src.charAt(i + 1) == '.')) {
                i++;
            } else {
                break;
            }
        }
        pos = i;
    }

    private void identifierOrPrefixedString(char c) {
        char next = pos + 1 < length ? src.charAt(pos + 1) : 0;
        if (next == '\'') {
            switch (c) {
                case 'e', 'E' -> {
                    quoted(pos + 2, TokenKind.ESCAPE_STRING, true);
                    return;
                }
                case 'n', 'N' -> {
                    quoted(pos + 2, TokenKind.STRING, false);
                    return;
                }
                case 'b', 'B' -> {
                    quoted(pos + 2, TokenKind.BIT_STRING, false);
                    return;
                }
                case 'x', 'X' -> {
                    quoted(pos + 2, TokenKind.HEX_STRING, false);
                    return;
                }
                default -> {
                    // an identifier followed by a string, read separately
                }
            }
        } else if ((c == 'u' || c == 'U') && next == '&' && pos + 2 < length) {
            char quote = src.charAt(pos + 2);
            if (quote == '\'') {
                quoted(pos + 3, TokenKind.UNICODE_STRING, false);
                return;
            }
            if (quote == '"') {
                quotedIdentifier(pos + 3, TokenKind.UNICODE_QUOTED_IDENTIFIER);
                return;
            }
        }
        kind = TokenKind.IDENTIFIER;
        int i = pos + 1;
        while (i < length) {
            char d = src.charAt(i);
            if (d < 0x80 ? !IDENT_CONTINUE[d] : false) {
                break;
            }
            i++;
        }
        pos = i;
    }

    /**
     * An operator is a run of operator characters that stops where a comment starts ({@code --} or
     * {@code /*} inside the run begin a comment, as in PostgreSQL).
     */
    private void operator() {
        char c = src.charAt(pos);
        if (c == '-' && pos + 1 < length && src.charAt(pos + 1) == '-') {
            lineComment();
            return;
        }
        if (c == '/' && pos + 1 < length && src.charAt(pos + 1) == '*') {
            blockComment();
            return;
        }
        int i = pos + 1;
        while (i < length && isOperatorChar(src.charAt(i))) {
            char d = src.charAt(i);
            if ((d == '-' && i + 1 < length && src.charAt(i + 1) == '-')
                    || (d == '/' && i + 1 < length && src.charAt(i + 1) == '*')) {
                break;
            }
            i++;
        }
        kind = (i == pos + 1 && c == '?') ? TokenKind.PLACEHOLDER : TokenKind.OPERATOR;
        pos = i;
    }

    private void metaCommand() {
        kind = TokenKind.PSQL_META_COMMAND;
        int i = pos + 1;
        while (i < length && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
            i++;
        }
        pos = i;
    }

    private SqlSyntaxException unterminated(String problem) {
        SourcePosition at = SourcePosition.of(src, start);
        return new SqlSyntaxException(problem, start, at.line(), at.column());
    }

    /** ASCII characters that continue an identifier: letters, digits, underscore and dollar. */
    private static final boolean[] IDENT_CONTINUE = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            IDENT_CONTINUE[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9')
                    || c == '$';
        }
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** PostgreSQL: {@code [A-Za-z\200-\377_]}; every non-ASCII character counts, as its bytes all do. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentContinue(char c) {
        return c >= 0x80 || IDENT_CONTINUE[c];
    }

    private static boolean isDollarTagStart(char c) {
        return isIdentStart(c);
    }

    private static boolean isDollarTagContinue(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isOperatorChar(char c) {
        switch (c) {
            case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=':
                return true;
            default:
                return false;
        }
    }
}
