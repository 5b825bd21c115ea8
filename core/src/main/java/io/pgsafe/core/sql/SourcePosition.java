package io.pgsafe.core.sql;

/** A 1-based line and column (in UTF-16 code units) of an offset in a text. */
public record SourcePosition(int line, int column) {

    /** Counts line breaks ({@code \n}, {@code \r\n} or a lone {@code \r}) before {@code offset}. */
    public static SourcePosition of(CharSequence text, int offset) {
        return new LineCounter(text).advanceTo(offset);
    }

    /**
     * Walks a text forwards only, so that positions of increasing offsets (the statements of a file, in
     * order) cost one pass over the text in total.
     */
    public static final class LineCounter {
        private final CharSequence text;
        /** The text as a String without {@code \r}, where lines can be found with the vectorised indexOf. */
        private final String newlinesOnly;
        private int offset;
        private int line = 1;
        private int lineStart;

        public LineCounter(CharSequence text) {
            this.text = text;
            this.newlinesOnly = text instanceof String s && s.indexOf('\r') < 0 ? s : null;
        }

        public SourcePosition advanceTo(int target) {
            if (target < offset) {
                offset = 0;
                line = 1;
                lineStart = 0;
            }
            int limit = Math.min(target, text.length());
            if (newlinesOnly != null) {
                for (int i = newlinesOnly.indexOf('\n', offset); i >= 0 && i < limit; i = newlinesOnly.indexOf('\n', i + 1)) {
                    line++;
                    lineStart = i + 1;
                }
                offset = Math.max(offset, limit);
                return new SourcePosition(line, target - lineStart + 1);
            }
            for (int i = offset; i < limit; i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            offset = Math.max(offset, limit);
            return new SourcePosition(line, target - lineStart + 1);
        }
    }
}
