package io.pgsafe.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into statements at top-level semicolons the way psql does ({@code psqlscan.l}): never inside
 * quotes, comments, dollar-quoted bodies or parentheses, nor inside the {@code BEGIN ATOMIC … END} body of a
 * SQL-standard {@code CREATE FUNCTION}/{@code PROCEDURE}.
 *
 * <p>Lossless: the statements' {@code [start, end)} ranges are ordered and disjoint, and the text between
 * them holds only whitespace, comments, semicolons and (in migration files) psql meta-commands and COPY
 * data.
 */
public final class StatementSplitter {

    private StatementSplitter() {
    }

    public static List<SqlStatement> split(String sql) {
        return split(sql, SplitMode.JDBC);
    }

    /** @throws SqlSyntaxException for an unterminated quote, comment or dollar-quoted body */
    public static List<SqlStatement> split(String sql, SplitMode mode) {
        return new Run(sql, mode, null).split();
    }

    /** Sees each statement as the split finds it, with its significant tokens. */
    @FunctionalInterface
    public interface StatementVisitor {
        /**
         * @param tokens the statement's significant tokens, at offsets of the whole text; valid only during
         *               this call (the splitter reuses the instance for the next statement)
         */
        void visit(SqlStatement statement, SignificantTokens tokens);
    }

    /**
     * {@link #split(String, SplitMode)}, handing each statement and its tokens to {@code visitor} as it goes,
     * so that a parser need not lex the statement again.
     */
    public static List<SqlStatement> split(String sql, SplitMode mode, StatementVisitor visitor) {
        return new Run(sql, mode, visitor).split();
    }

    /** The state of one pass over one text. */
    private static final class Run {
        private final String src;
        private final SplitMode mode;
        private final SqlLexer lexer;
        private final SourcePosition.LineCounter lines;
        private final List<SqlStatement> statements = new ArrayList<>();
        /** Who sees each statement with its tokens, or null when only the statements are wanted. */
        private final StatementVisitor visitor;
        private final SignificantTokens tokens;

        private int stmtStart = -1;
        private int stmtEnd;
        /** Reused: {@link SqlStatement} keeps a copy. */
        private final List<String> leadingComments = new ArrayList<>();
        private int parenDepth;
        private final FunctionBodyTracker functionBody = new FunctionBodyTracker();
        private final CopyFromStdinTracker copy = new CopyFromStdinTracker();

        Run(String src, SplitMode mode, StatementVisitor visitor) {
            this.src = src;
            this.mode = mode;
            this.visitor = visitor;
            this.tokens = visitor == null ? null : new SignificantTokens(64);
            this.lexer = new SqlLexer(src, mode.psqlInput());
            this.lines = new SourcePosition.LineCounter(src);
        }

        List<SqlStatement> split() {
            while (lexer.next()) {
                TokenKind kind = lexer.kind();
                if (kind.isTrivia()) {
                    if (kind.isComment() && stmtStart < 0) {
                        leadingComments.add(src.substring(lexer.start(), lexer.end()));
                    }
                    continue;
                }
                if (kind == TokenKind.SEMICOLON && parenDepth == 0 && !functionBody.inside()) {
                    boolean copyData = mode.psqlInput() && copy.fromStdin();
                    finishStatement();
                    if (copyData) {
                        lexer.reset(endOfCopyData(lexer.end()));
                    }
                    continue;
                }
                if (kind == TokenKind.PSQL_META_COMMAND) {
                    finishStatement();
                    continue;
                }
                if (stmtStart < 0) {
                    stmtStart = lexer.start();
                }
                stmtEnd = lexer.end();
                if (tokens != null) {
                    tokens.add(kind, lexer.start(), stmtEnd);
                }
                track(kind);
            }
            finishStatement();
            return statements;
        }

        private void track(TokenKind kind) {
            switch (kind) {
                case LEFT_PAREN -> parenDepth++;
                case RIGHT_PAREN -> parenDepth = Math.max(0, parenDepth - 1);
                case IDENTIFIER -> {
                    functionBody.identifier(src, lexer.start(), lexer.end());
                    copy.identifier(src, lexer.start(), lexer.end());
                }
                default -> copy.other();
            }
        }

        private void finishStatement() {
            if (stmtStart >= 0) {
                SourcePosition at = lines.advanceTo(stmtStart);
                // List.copyOf keeps List.of() as it is, where an empty ArrayList would cost a copy per statement
                SqlStatement statement = new SqlStatement(src.substring(stmtStart, stmtEnd), stmtStart, stmtEnd,
                        at.line(), at.column(), leadingComments.isEmpty() ? List.of() : leadingComments,
                        statements.size());
                statements.add(statement);
                if (visitor != null) {
                    visitor.visit(statement, tokens);
                    tokens.clear();
                }
            }
            leadingComments.clear();
            stmtStart = -1;
            parenDepth = 0;
            functionBody.reset();
            copy.reset();
        }

        /**
         * psql reads COPY data from the line after the command up to a line holding only {@code \.}, or to the
         * end of the input.
         */
        private int endOfCopyData(int afterSemicolon) {
            int lineStart = nextLineStart(afterSemicolon);
            while (lineStart < src.length()) {
                int lineEnd = lineEnd(lineStart);
                if (lineEnd - lineStart == 2 && src.charAt(lineStart) == '\\' && src.charAt(lineStart + 1) == '.') {
                    return lineEnd;
                }
                lineStart = nextLineStart(lineEnd);
            }
            return src.length();
        }

        private int lineEnd(int from) {
            int i = from;
            while (i < src.length() && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                i++;
            }
            return i;
        }

        private int nextLineStart(int from) {
            int i = lineEnd(from);
            if (i < src.length() && src.charAt(i) == '\r') {
                i++;
            }
            if (i < src.length() && src.charAt(i) == '\n') {
                i++;
            }
            return i;
        }
    }

    /**
     * psql's heuristic for SQL-standard function bodies: in a statement that starts with
     * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, {@code BEGIN} opens a block, {@code CASE} nests inside
     * one, and {@code END} closes one; semicolons inside a block do not end the statement.
     */
    static final class FunctionBodyTracker {
        private final char[] leading = new char[4];
        private int identifiers;
        private int depth;
        private boolean routine;

        void identifier(String src, int start, int end) {
            if (identifiers >= leading.length && !routine) {
                return; // the first four key words decided it: not a routine, nothing to track
            }
            if (identifiers < leading.length) {
                // the five key words have five lengths: one comparison per identifier, not five
                String keyword = switch (end - start) {
                    case 2 -> "or";
                    case 6 -> "create";
                    case 7 -> "replace";
                    case 8 -> "function";
                    case 9 -> "procedure";
                    default -> null;
                };
                if (keyword != null && is(src, start, end, keyword)) {
                    leading[identifiers] = Character.toLowerCase(src.charAt(start));
                }
            }
            identifiers++;
            routine = createsRoutine();
            if (!routine) {
                return;
            }
            if (is(src, start, end, "begin")) {
                depth++;
            } else if (is(src, start, end, "case")) {
                if (depth > 0) {
                    depth++;
                }
            } else if (is(src, start, end, "end") && depth > 0) {
                depth--;
            }
        }

        private boolean createsRoutine() {
            return leading[0] == 'c' && (leading[1] == 'f' || leading[1] == 'p'
                    || (leading[1] == 'o' && leading[2] == 'r' && (leading[3] == 'f' || leading[3] == 'p')));
        }

        boolean inside() {
            return depth > 0;
        }

        void reset() {
            java.util.Arrays.fill(leading, (char) 0);
            identifiers = 0;
            depth = 0;
            routine = false;
        }
    }

    /** Notices {@code COPY … FROM STDIN}: the statement starts with COPY and FROM is followed by STDIN. */
    static final class CopyFromStdinTracker {
        private int identifiers;
        private boolean copy;
        private boolean afterFrom;
        private boolean fromStdin;

        void identifier(String src, int start, int end) {
            if (identifiers++ == 0) {
                copy = is(src, start, end, "copy");
            }
            if (copy && afterFrom && is(src, start, end, "stdin")) {
                fromStdin = true;
            }
            afterFrom = copy && is(src, start, end, "from");
        }

        void other() {
            identifiers++;
            afterFrom = false;
        }

        boolean fromStdin() {
            return fromStdin;
        }

        void reset() {
            identifiers = 0;
            copy = false;
            afterFrom = false;
            fromStdin = false;
        }
    }

    static boolean is(String src, int start, int end, String lowerKeyword) {
        return StatementClassifier.matchesKeyword(src, start, end - start, lowerKeyword);
    }
}
