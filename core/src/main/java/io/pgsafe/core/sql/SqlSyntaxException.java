package io.pgsafe.core.sql;

/**
 * Text that PostgreSQL's scanner would reject as well: an unterminated quoted string, quoted identifier,
 * block comment or dollar-quoted body. The position is the one of the opening delimiter, 1-based.
 */
public final class SqlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int line;
    private final int column;

    public SqlSyntaxException(String problem, int offset, int line, int column) {
        super(problem + " starting at line " + line + ", column " + column);
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    public int offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
