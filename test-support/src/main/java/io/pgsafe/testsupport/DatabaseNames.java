package io.pgsafe.testsupport;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names for per-class databases: readable (the class name is in it, so a leftover on a shared server says where it
 * came from) and unique (a random suffix, because several JVMs may share one server given by URL).
 */
final class DatabaseNames {

    static final String PREFIX = "pgsafe_";
    /** PostgreSQL truncates identifiers to 63 bytes; prefix + 40 + "_" + suffix stays well below. */
    static final int MAX_HINT_LENGTH = 40;
    static final int SUFFIX_LENGTH = 8;

    private static final char[] SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private DatabaseNames() {
    }

    /** E.g. {@code io.pgsafe.FooTest$Nested} gives {@code pgsafe_footest_nested_k3j9x2ab}. */
    static String forClass(Class<?> testClass) {
        return unique(testClass.getName().substring(testClass.getPackageName().length()));
    }

    static String unique(String hint) {
        return PREFIX + sanitize(hint) + "_" + randomSuffix();
    }

    /** Lower-case ASCII letters, digits and single underscores only, so the name never needs quoting. */
    static String sanitize(String hint) {
        String cleaned = (hint == null ? "" : hint).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (cleaned.length() > MAX_HINT_LENGTH) {
            cleaned = cleaned.substring(0, MAX_HINT_LENGTH).replaceAll("_+$", "");
        }
        return cleaned.isEmpty() ? "db" : cleaned;
    }

    private static String randomSuffix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] suffix = new char[SUFFIX_LENGTH];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = SUFFIX_ALPHABET[random.nextInt(SUFFIX_ALPHABET.length)];
        }
        return new String(suffix);
    }
}
