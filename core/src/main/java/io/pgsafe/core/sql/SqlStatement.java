package io.pgsafe.core.sql;

import java.util.List;

/**
 * One statement of a split text.
 *
 * @param text            the statement from its first token to its last, without the terminating {@code ;}
 *                        and without the comments before it
 * @param start           offset of {@code text} in the source
 * @param end             offset just after {@code text} in the source
 * @param line            1-based line of the first token
 * @param column          1-based column of the first token
 * @param leadingComments the comments between the previous statement and this one, in order, with their
 *                        delimiters ({@code -- pgsafe:allow …} is usually one of them)
 * @param index           0-based position of the statement in the source
 */
public record SqlStatement(String text, int start, int end, int line, int column, List<String> leadingComments,
                           int index) {

    public SqlStatement {
        leadingComments = List.copyOf(leadingComments);
    }
}
