package io.pgsafe.core.sql;

/**
 * Every kind of token PostgreSQL's scanner ({@code src/backend/parser/scan.l}) distinguishes, plus the
 * JDBC {@code ?} placeholder and the psql meta-command line that migration files may contain.
 */
public enum TokenKind {
    WHITESPACE,
    /** {@code -- …} to the end of the line. */
    LINE_COMMENT,
    /** {@code /* … *}{@code /}, nested as PostgreSQL nests them. */
    BLOCK_COMMENT,
    /** An unquoted identifier or key word; PostgreSQL folds it to lower case. */
    IDENTIFIER,
    /** {@code "quoted"} identifier, {@code ""} inside stands for one quote. */
    QUOTED_IDENTIFIER,
    /** {@code U&"…"} identifier with Unicode escapes. */
    UNICODE_QUOTED_IDENTIFIER,
    /** {@code '…'} (or {@code N'…'}) with {@code ''} inside; backslash is an ordinary character. */
    STRING,
    /** {@code E'…'}: backslash escapes, and {@code ''}. */
    ESCAPE_STRING,
    /** {@code U&'…'}. */
    UNICODE_STRING,
    /** {@code B'0101'}. */
    BIT_STRING,
    /** {@code X'1F'}. */
    HEX_STRING,
    /** {@code $$…$$} or {@code $tag$…$tag$}. */
    DOLLAR_STRING,
    NUMBER,
    /** {@code $1}. */
    PARAMETER,
    /** JDBC's {@code ?} placeholder (a lone {@code ?}; longer runs such as {@code ?|} are operators). */
    PLACEHOLDER,
    OPERATOR,
    /** {@code ::}. */
    TYPECAST,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    SEMICOLON,
    DOT,
    COLON,
    /** A psql meta-command ({@code \set}, {@code \connect}, …) up to the end of its line; migration files only. */
    PSQL_META_COMMAND,
    /** Any other single character, such as a backslash or a brace outside a migration file. */
    OTHER;

    /** Whitespace and comments: tokens PostgreSQL's grammar never sees. */
    public boolean isTrivia() {
        return this == WHITESPACE || this == LINE_COMMENT || this == BLOCK_COMMENT;
    }

    public boolean isComment() {
        return this == LINE_COMMENT || this == BLOCK_COMMENT;
    }

    public boolean isStringLiteral() {
        return this == STRING || this == ESCAPE_STRING || this == UNICODE_STRING || this == BIT_STRING
                || this == HEX_STRING || this == DOLLAR_STRING;
    }
}
