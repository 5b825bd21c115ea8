package io.pgsafe.cli;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * Migration order as the tools apply files: by version, comparing digit runs as numbers
 * ({@code V2__} before {@code V10__}, {@code V1_1__} before {@code V1_2__}), Flyway's repeatable {@code R__}
 * scripts after every versioned one, then by the rest of the path.
 */
public final class MigrationOrder implements Comparator<Path> {

    public static final MigrationOrder INSTANCE = new MigrationOrder();

    @Override
    public int compare(Path a, Path b) {
        int parent = compareNatural(String.valueOf(a.getParent()), String.valueOf(b.getParent()));
        if (parent != 0) {
            return parent;
        }
        String left = a.getFileName().toString();
        String right = b.getFileName().toString();
        int repeatable = Boolean.compare(left.startsWith("R__"), right.startsWith("R__"));
        return repeatable != 0 ? repeatable : compareNatural(left, right);
    }

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int iEnd = i;
                while (iEnd < a.length() && Character.isDigit(a.charAt(iEnd))) {
                    iEnd++;
                }
                int jEnd = j;
                while (jEnd < b.length() && Character.isDigit(b.charAt(jEnd))) {
                    jEnd++;
                }
                String left = a.substring(i, iEnd).replaceFirst("^0+(?=\\d)", "");
                String right = b.substring(j, jEnd).replaceFirst("^0+(?=\\d)", "");
                int byLength = Integer.compare(left.length(), right.length());
                int byValue = byLength != 0 ? byLength : left.compareTo(right);
                if (byValue != 0) {
                    return byValue;
                }
                i = iEnd;
                j = jEnd;
            } else {
                // '_' and '.' separate version parts alike in Flyway (V1_1 == V1.1)
                char nx = x == '.' ? '_' : x;
                char ny = y == '.' ? '_' : y;
                if (nx != ny) {
                    return Character.compare(nx, ny);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
