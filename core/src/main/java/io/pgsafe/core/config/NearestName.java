package io.pgsafe.core.config;

import java.util.Locale;
import java.util.Optional;

/** Finds the name a mistyped name was probably meant to be, for "did you mean …?" in error messages. */
final class NearestName {
    private NearestName() {
    }

    /**
     * The candidate closest to {@code name} by edit distance (case ignored, so a wrong case is always
     * caught), or empty when none is close. "Close" grows with length, at most 3 edits, so that a short
     * unrelated name (pgsafe.foo) is not mistaken for a typo of another short name (pgsafe.mode).
     * Ties go to the first candidate.
     */
    static Optional<String> among(String name, Iterable<String> candidates) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lowerName, candidate.toLowerCase(Locale.ROOT));
            int allowed = Math.min(3, Math.max(1, Math.min(name.length(), candidate.length()) / 6));
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
