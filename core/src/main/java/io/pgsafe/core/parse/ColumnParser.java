package io.pgsafe.core.parse;

import io.pgsafe.core.model.ColumnDefinition;
import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.sql.TokenKind;

/** Column definitions and type names, shared by CREATE TABLE and ALTER TABLE … ADD COLUMN. */
final class ColumnParser {

    /** Key words that end a type name or a DEFAULT expression inside a column definition (lower case). */
    private static final String[] CONSTRAINT_WORDS = {"constraint", "not", "null", "default",
            "primary", "unique", "check", "references", "generated", "collate", "deferrable", "initially",
            "compression", "storage", "using"};

    private ColumnParser() {
    }

    /** At a column name: reads {@code name type [constraints…]} up to the next top-level comma or paren. */
    static ColumnDefinition column(TokenCursor in) {
        String name = in.identifier();
        String type = type(in);
        String defaultExpression = null;
        boolean notNull = false;
        boolean primaryKey = false;
        boolean unique = false;
        boolean identity = false;
        boolean stored = false;
        boolean virtual = false;
        QualifiedName references = null;
        String check = null;
        while (!in.atEnd() && !in.peekKind(TokenKind.COMMA) && !in.peekKind(TokenKind.RIGHT_PAREN)) {
            if (in.accept("constraint")) {
                in.identifier();
            } else if (in.accept("not", "null")) {
                notNull = true;
            } else if (in.accept("null")) {
                notNull = false;
            } else if (in.accept("default")) {
                defaultExpression = expressionUntilConstraint(in);
            } else if (in.accept("primary", "key")) {
                primaryKey = true;
                notNull = true;
            } else if (in.accept("unique")) {
                unique = true;
                if (in.accept("nulls")) {
                    in.accept("not");
                    in.accept("distinct");
                }
            } else if (in.accept("check")) {
                check = in.parenthesized();
                in.accept("no", "inherit");
            } else if (in.accept("references")) {
                references = in.qualifiedName();
                in.parenthesized();
                skipReferenceOptions(in);
            } else if (in.accept("generated")) {
                if (in.accept("always") || in.accept("by", "default")) {
                    in.accept("as");
                    if (in.accept("identity")) {
                        identity = true;
                        in.parenthesized();
                    } else {
                        in.parenthesized();
                        if (in.accept("stored")) {
                            stored = true;
                        } else {
                            in.accept("virtual");
                            virtual = true;
                        }
                    }
                }
            } else if (in.parenthesized() == null) { // a group's commas are not the column's end
                in.skip();
            }
        }
        return new ColumnDefinition(name, type, defaultExpression, notNull, primaryKey, unique, identity, stored,
                virtual, references, check);
    }

    /**
     * A type name, normalised: lower case outside quotes, single spaces between words, none around
     * parentheses, brackets, commas and dots ({@code VARCHAR ( 255 )} becomes {@code varchar(255)}).
     */
    static String type(TokenCursor in) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        while (!in.atEnd()) {
            int i = in.position();
            TokenKind kind = in.kind(i);
            if (depth == 0 && (kind == TokenKind.COMMA || kind == TokenKind.RIGHT_PAREN || isConstraintWord(in, i))) {
                break;
            }
            if (kind == TokenKind.LEFT_PAREN) {
                depth++;
            } else if (kind == TokenKind.RIGHT_PAREN) {
                depth--;
            }
            boolean glue = kind == TokenKind.LEFT_PAREN || kind == TokenKind.RIGHT_PAREN || kind == TokenKind.COMMA
                    || kind == TokenKind.LEFT_BRACKET || kind == TokenKind.RIGHT_BRACKET || kind == TokenKind.DOT;
            char last = out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
            if (out.length() > 0 && !glue && last != '(' && last != ',' && last != '[' && last != '.') {
                out.append(' ');
            }
            in.appendToken(out, i, kind == TokenKind.IDENTIFIER);
            in.skip();
        }
        return out.toString();
    }

    /**
     * Whether token {@code i} is one of the constraint key words, in any case, compared in place: this runs
     * for every token of every column type, where a lower-cased copy of each token was most of the cost.
     */
    private static boolean isConstraintWord(TokenCursor in, int i) {
        if (in.kind(i) != TokenKind.IDENTIFIER) {
            return false;
        }
        for (String word : CONSTRAINT_WORDS) { // an array: no iterator for every token of every type
            if (in.isKeyword(i, word)) {
                return true;
            }
        }
        return false;
    }

    /** A DEFAULT expression: up to the next top-level constraint key word, comma or closing parenthesis. */
    static String expressionUntilConstraint(TokenCursor in) {
        int from = in.position();
        int depth = 0;
        while (!in.atEnd()) {
            int i = in.position();
            TokenKind kind = in.kind(i);
            if (depth == 0 && (kind == TokenKind.COMMA || kind == TokenKind.RIGHT_PAREN)) {
                break;
            }
            if (depth == 0 && kind == TokenKind.IDENTIFIER && i > from && isConstraintWord(in, i)
                    && !in.isKeyword(i, "using")) {
                break;
            }
            if (kind == TokenKind.LEFT_PAREN || kind == TokenKind.LEFT_BRACKET) {
                depth++;
            } else if (kind == TokenKind.RIGHT_PAREN || kind == TokenKind.RIGHT_BRACKET) {
                depth--;
            }
            in.skip();
        }
        return in.textOf(from, in.position());
    }

    /** MATCH …, ON DELETE …, ON UPDATE …, DEFERRABLE, INITIALLY … after REFERENCES. */
    static void skipReferenceOptions(TokenCursor in) {
        while (true) {
            if (in.accept("match")) {
                in.skip();
            } else if (in.accept("on", "delete") || in.accept("on", "update")) {
                if (!(in.accept("no", "action") || in.accept("set", "null") || in.accept("set", "default")
                        || in.accept("cascade") || in.accept("restrict"))) {
                    in.skip();
                }
                in.parenthesized();
            } else if (in.accept("not", "deferrable") || in.accept("deferrable")
                    || in.accept("initially", "deferred") || in.accept("initially", "immediate")) {
                continue;
            } else {
                return;
            }
        }
    }
}
