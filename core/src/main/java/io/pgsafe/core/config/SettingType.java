package io.pgsafe.core.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of value a {@link PgSafeSetting} takes: how its text parses, how it prints, and the words
 * that tell a user what to write. Parsing trims surrounding whitespace, since properties files and
 * environment variables often carry some.
 */
public enum SettingType {
    MODE("mode", "enforce, warn, off", "use enforce, warn or off") {
        @Override
        Object parse(String text) {
            return Mode.fromConfigValue(text.strip()).orElseThrow(() -> new RejectedValue("is not a mode"));
        }

        @Override
        String format(Object value) {
            return ((Mode) value).configValue();
        }
    },
    BOOLEAN("boolean", "true, false (also on/off, yes/no, 1/0, as in PostgreSQL)", "use true or false") {
        @Override
        Object parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> Boolean.TRUE;
                case "false", "off", "no", "0" -> Boolean.FALSE;
                default -> throw new RejectedValue("is not a boolean");
            };
        }
    },
    DURATION("duration",
            "a number with ms, s, min, h or d (e.g. 500ms, 1.5s, 10min); a bare number is milliseconds",
            "use a number with ms, s, min, h or d, e.g. 2s") {
        @Override
        Object parse(String text) {
            return DurationText.parse(text);
        }

        @Override
        String format(Object value) {
            return DurationText.format((Duration) value);
        }
    },
    NON_NEGATIVE_INT("integer", "a whole number, 0 or more", "use a whole number, 0 or more, e.g. 3") {
        @Override
        Object parse(String text) {
            return wholeNumber(text, BigInteger.valueOf(Integer.MAX_VALUE)).intValueExact();
        }
    },
    NON_NEGATIVE_LONG("long", "a whole number, 0 or more", "use a whole number, 0 or more, e.g. 10000") {
        @Override
        Object parse(String text) {
            return wholeNumber(text, BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        }
    },
    BYTE_SIZE("size",
            "a number of bytes, or a number with B, kB, MB, GB or TB (1kB = 1024 bytes, case as in PostgreSQL)",
            "use a number of bytes, or a number with kB, MB, GB or TB, e.g. 10MB") {
        @Override
        Object parse(String text) {
            return ByteSizeText.parse(text);
        }

        @Override
        String format(Object value) {
            return ByteSizeText.format((Long) value);
        }
    },
    PG_VERSION("version", "a major version, major.minor or server_version_num (e.g. 15, 14.2, 120000)",
            "use a major version, major.minor or server_version_num, e.g. 15, 14.2 or 120000") {
        @Override
        Object parse(String text) {
            try {
                return PgVersion.parse(text);
            } catch (IllegalArgumentException e) {
                throw new RejectedValue("is not a PostgreSQL version");
            }
        }
    },
    RULE_ACTION("rule action", "block, rewrite, warn, off", "use block, rewrite, warn or off") {
        @Override
        Object parse(String text) {
            return RuleAction.fromConfigValue(text.strip()).orElseThrow(() -> new RejectedValue("is not a rule action"));
        }

        @Override
        String format(Object value) {
            return ((RuleAction) value).configValue();
        }
    },
    FILE_PATH("path", "a file path", "use a file path") {
        @Override
        Object parse(String text) {
            return text.strip();
        }
    };

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern NEGATIVE_DIGITS = Pattern.compile("-\\s*\\d+");

    private final String typeName;
    private final String acceptedValues;
    private final String hint;

    SettingType(String typeName, String acceptedValues, String hint) {
        this.typeName = typeName;
        this.acceptedValues = acceptedValues;
        this.hint = hint;
    }

    /** A one-word name for the documentation table, e.g. {@code duration}. */
    public String typeName() {
        return typeName;
    }

    /** What a value may look like, for the documentation table. */
    public String acceptedValues() {
        return acceptedValues;
    }

    /** What to write instead, ending an error message: {@code use a number with ms, s, …, e.g. 2s}. */
    String hint() {
        return hint;
    }

    /**
     * The typed value of a non-empty text.
     *
     * @throws RejectedValue saying what is wrong with the text
     */
    abstract Object parse(String text);

    /** The canonical text of a value of this type, which {@link #parse} reads back to the same value. */
    String format(Object value) {
        return String.valueOf(value);
    }

    private static BigInteger wholeNumber(String text, BigInteger max) {
        String trimmed = text.strip();
        if (NEGATIVE_DIGITS.matcher(trimmed).matches()) {
            throw new RejectedValue("is negative");
        }
        if (!DIGITS.matcher(trimmed).matches()) {
            throw new RejectedValue("is not a whole number");
        }
        BigInteger number = new BigInteger(trimmed);
        if (number.compareTo(max) > 0) {
            throw new RejectedValue("is too large (at most " + max + ")");
        }
        return number;
    }
}
