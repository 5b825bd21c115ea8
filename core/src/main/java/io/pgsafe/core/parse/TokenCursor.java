package io.pgsafe.core.parse;

import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.sql.SignificantTokens;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.core.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The significant tokens of one statement (comments and whitespace dropped) with a read position: the small
 * toolkit the statement parsers share. Offsets refer to the statement's text.
 */
final class TokenCursor {

    private final String text;
    private final SignificantTokens tokens;
    private final int size;
    /** The offset of {@code text} in the text the tokens were read from. */
    private final int base;
    private int pos;

    /** Lexes {@code text} on its own. */
    TokenCursor(String text) {
        this(text, SignificantTokens.of(text), 0);
    }

    /** A statement {@code text} found at {@code base} of a text the splitter read into {@code tokens}. */
    TokenCursor(String text, SignificantTokens tokens, int base) {
        this.text = text;
        this.tokens = tokens;
        this.size = tokens.size();
        this.base = base;
    }

    /** Offset in {@code text} of token {@code i} (which must be below {@code size}). */
    private int start(int i) {
        return tokens.startOf(i) - base;
    }

    private int end(int i) {
        return tokens.endOf(i) - base;
    }

    private TokenKind kindAt(int i) {
        return tokens.kind(i);
    }

    String text() {
        return text;
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= size;
    }

    int size() {
        return size;
    }

    TokenKind kind(int i) {
        return i < size ? kindAt(i) : null;
    }

    String tokenText(int i) {
        return i < size ? text.substring(start(i), end(i)) : "";
    }

    /**
     * Appends token {@code i} ({@code i < size}) to {@code out}, with ASCII upper case folded when
     * {@code fold}: {@code out.append(fold ? Identifiers.fold(tokenText(i)) : tokenText(i))} without the
     * intermediate strings.
     */
    void appendToken(StringBuilder out, int i, boolean fold) {
        int from = start(i);
        int to = end(i);
        if (!fold) {
            out.append(text, from, to);
            return;
        }
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
    }

    /**
     * Appends token {@code i} ({@code i < size}) in upper case: {@code out.append(tokenText(i).toUpperCase(Locale.ROOT))},
     * without the two strings when the token is ASCII (as key words are).
     */
    void appendUpperCase(StringBuilder out, int i) {
        int from = start(i);
        int to = end(i);
        for (int j = from; j < to; j++) {
            if (text.charAt(j) >= 0x80) {
                out.append(tokenText(i).toUpperCase(java.util.Locale.ROOT));
                return;
            }
        }
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
    }

    int startOf(int i) {
        return i < size ? start(i) : text.length();
    }

    int endOf(int i) {
        return i < size ? end(i) : text.length();
    }

    /** Offset just after the previous token (the end of what has been read). */
    int endOfPrevious() {
        return pos == 0 ? 0 : end(pos - 1);
    }

    int startOfCurrent() {
        return startOf(pos);
    }

    /** Whether token {@code i} is the unquoted key word {@code keyword} (given in lower case). */
    boolean isKeyword(int i, String keyword) {
        return i < size && kindAt(i) == TokenKind.IDENTIFIER && end(i) - start(i) == keyword.length()
                && StatementClassifier.matchesKeyword(text, start(i), keyword.length(), keyword);
    }

    boolean peek(String keyword) {
        return isKeyword(pos, keyword);
    }

    /**
     * {@link #peek(String...)} of two key words, without the array: the parsers try such pairs ({@code NOT NULL},
     * {@code PRIMARY KEY}, {@code OR REPLACE}) token after token, and the arrays were a tenth of what checking a
     * file allocated.
     */
    boolean peek(String first, String second) {
        return isKeyword(pos, first) && isKeyword(pos + 1, second);
    }

    /** {@link #peek(String...)} of three key words, without the array. */
    boolean peek(String first, String second, String third) {
        return isKeyword(pos, first) && isKeyword(pos + 1, second) && isKeyword(pos + 2, third);
    }

    /** Whether the next tokens are these key words, in order. */
    boolean peek(String... keywords) {
        for (int k = 0; k < keywords.length; k++) {
            if (!isKeyword(pos + k, keywords[k])) {
                return false;
            }
        }
        return true;
    }

    /** {@link #accept(String...)} of one key word, without the array: the parsers call it per token. */
    boolean accept(String keyword) {
        if (isKeyword(pos, keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    /** {@link #accept(String...)} of two key words, without the array. */
    boolean accept(String first, String second) {
        if (peek(first, second)) {
            pos += 2;
            return true;
        }
        return false;
    }

    /** {@link #accept(String...)} of three key words, without the array. */
    boolean accept(String first, String second, String third) {
        if (peek(first, second, third)) {
            pos += 3;
            return true;
        }
        return false;
    }

    boolean accept(String... keywords) {
        if (peek(keywords)) {
            pos += keywords.length;
            return true;
        }
        return false;
    }

    boolean peekKind(TokenKind kind) {
        return pos < size && kindAt(pos) == kind;
    }

    boolean acceptKind(TokenKind kind) {
        if (peekKind(kind)) {
            pos++;
            return true;
        }
        return false;
    }

    void skip() {
        if (pos < size) {
            pos++;
        }
    }

    /** Reads a (possibly quoted) identifier and returns it as PostgreSQL resolves it, or null if none is here. */
    String identifier() {
        if (pos >= size) {
            return null;
        }
        TokenKind kind = kindAt(pos);
        if (kind == TokenKind.IDENTIFIER) {
            return Identifiers.fold(tokenText(pos++));
        }
        if (kind == TokenKind.QUOTED_IDENTIFIER) {
            return Identifiers.unquote(tokenText(pos++));
        }
        if (kind == TokenKind.UNICODE_QUOTED_IDENTIFIER) {
            String token = tokenText(pos++);
            return token.substring(3, token.length() - 1).replace("\"\"", "\"");
        }
        return null;
    }

    /** {@code name}, {@code schema.name} or {@code db.schema.name} (the database part is dropped). */
    QualifiedName qualifiedName() {
        String first = identifier();
        if (first == null) {
            return null;
        }
        if (!acceptKind(TokenKind.DOT)) {
            return QualifiedName.of(first);
        }
        String second = identifier();
        if (second == null) {
            return QualifiedName.of(first);
        }
        if (acceptKind(TokenKind.DOT)) {
            String third = identifier();
            if (third != null) {
                return new QualifiedName(second, third);
            }
        }
        return new QualifiedName(first, second);
    }

    /** A comma-separated list of qualified names. */
    List<QualifiedName> qualifiedNames() {
        List<QualifiedName> names = new ArrayList<>();
        do {
            accept("only");
            QualifiedName name = qualifiedName();
            if (name == null) {
                break;
            }
            names.add(name);
            acceptKind(TokenKind.OPERATOR); // the "*" of "ONLY t *" style inheritance
        } while (acceptKind(TokenKind.COMMA));
        return names;
    }

    /**
     * At an opening parenthesis: moves past its matching close and returns the text between them; returns
     * null (and does not move) when no parenthesis is here.
     */
    String parenthesized() {
        if (!peekKind(TokenKind.LEFT_PAREN)) {
            return null;
        }
        int open = pos;
        int depth = 0;
        while (pos < size) {
            TokenKind kind = kindAt(pos);
            if (kind == TokenKind.LEFT_PAREN) {
                depth++;
            } else if (kind == TokenKind.RIGHT_PAREN && --depth == 0) {
                pos++;
                return text.substring(end(open), start(pos - 1)).strip();
            }
            pos++;
        }
        return text.substring(end(open)).strip();
    }

    /** The identifiers of a parenthesized column list {@code (a, "B", c)}; other elements are kept as text. */
    List<String> columnList() {
        List<String> columns = new ArrayList<>();
        if (!acceptKind(TokenKind.LEFT_PAREN)) {
            return columns;
        }
        while (!atEnd() && !peekKind(TokenKind.RIGHT_PAREN)) {
            int elementStart = pos;
            String name = identifier();
            if (name != null && (peekKind(TokenKind.COMMA) || peekKind(TokenKind.RIGHT_PAREN))) {
                columns.add(name);
            } else {
                pos = elementStart;
                skipElement();
                columns.add(text.substring(startOf(elementStart), endOfPrevious()).strip());
            }
            acceptKind(TokenKind.COMMA);
        }
        acceptKind(TokenKind.RIGHT_PAREN);
        return columns;
    }

    /** Moves past one element of a comma-separated list: up to the next top-level comma or close paren. */
    void skipElement() {
        int depth = 0;
        while (pos < size) {
            TokenKind kind = kindAt(pos);
            if (depth == 0 && (kind == TokenKind.COMMA || kind == TokenKind.RIGHT_PAREN)) {
                return;
            }
            if (kind == TokenKind.LEFT_PAREN || kind == TokenKind.LEFT_BRACKET) {
                depth++;
            } else if (kind == TokenKind.RIGHT_PAREN || kind == TokenKind.RIGHT_BRACKET) {
                depth--;
            }
            pos++;
        }
    }

    /** Index of the next top-level token (outside parentheses) that is this key word, or -1. */
    int findKeyword(int from, String keyword) {
        int depth = 0;
        for (int i = from; i < size; i++) {
            if (kindAt(i) == TokenKind.LEFT_PAREN) {
                depth++;
            } else if (kindAt(i) == TokenKind.RIGHT_PAREN) {
                depth--;
            } else if (depth == 0 && isKeyword(i, keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** The source text of tokens {@code [from, to)}. */
    String textOf(int from, int to) {
        if (from >= to || from >= size) {
            return "";
        }
        return text.substring(start(from), end(Math.min(to, size) - 1));
    }
}
