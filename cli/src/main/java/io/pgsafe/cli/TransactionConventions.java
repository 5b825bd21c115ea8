package io.pgsafe.cli;

import io.pgsafe.core.sql.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which statements of a migration file run inside a transaction, and which belong to the "up" part, by the
 * conventions of the tool that runs the file. Explicit BEGIN/COMMIT in the file are tracked by the checker
 * on top of this.
 */
public final class TransactionConventions {

    private static final Pattern FLYWAY = Pattern.compile("^(V|R|U)[^_]*__.*\\.sql$");
    private static final Pattern LIQUIBASE_CHANGESET = Pattern.compile("(?im)^--\\s*changeset\\s+\\S+.*$");
    private static final Pattern GOOSE_NO_TX = Pattern.compile("(?im)^--\\s*\\+goose\\s+NO\\s+TRANSACTION\\s*$");
    private static final Pattern GOOSE_DOWN = Pattern.compile("(?im)^--\\s*\\+goose\\s+Down\\b.*$");
    private static final Pattern DBMATE_UP = Pattern.compile("(?im)^--\\s*migrate:up\\b(.*)$");
    private static final Pattern DBMATE_DOWN = Pattern.compile("(?im)^--\\s*migrate:down\\b.*$");

    /** The tool the file's name or markers point to, and what that tool does with transactions. */
    public enum Tool {
        FLYWAY, LIQUIBASE, GOOSE, DBMATE, GOLANG_MIGRATE, PRISMA_OR_DRIZZLE, PLAIN
    }

    /** Offsets {@code [from, to)} of the file and whether statements there run in a transaction. */
    public record Region(int from, int to, boolean inTransaction, boolean checked) {
    }

    private final Tool tool;
    private final List<Region> regions;

    private TransactionConventions(Tool tool, List<Region> regions) {
        this.tool = tool;
        this.regions = regions;
    }

    public Tool tool() {
        return tool;
    }

    public boolean inTransaction(SqlStatement statement) {
        return regionOf(statement).inTransaction();
    }

    /** False for the "down" part of goose and dbmate files, which rolls back and is not deployed. */
    public boolean checked(SqlStatement statement) {
        return regionOf(statement).checked();
    }

    /** The index of the region the statement belongs to: a Liquibase changeset, or the up or down part. */
    public int regionIndex(SqlStatement statement) {
        return regions.indexOf(regionOf(statement));
    }

    private Region regionOf(SqlStatement statement) {
        for (int i = 0; i < regions.size(); i++) { // indexed: this runs twice for every statement of a file
            Region region = regions.get(i);
            if (statement.start() >= region.from() && statement.start() < region.to()) {
                return region;
            }
        }
        return regions.get(regions.size() - 1);
    }

    /**
     * @param containsConcurrently whether the file has a CONCURRENTLY statement: Flyway runs such a script
     *                             outside a transaction on its own
     */
    public static TransactionConventions of(Path path, String text, boolean containsConcurrently) {
        String name = path == null ? "" : path.getFileName().toString();
        int end = text.length() + 1;
        if (text.regionMatches(true, 0, "--liquibase formatted sql", 0, 25)
                || text.regionMatches(true, 0, "-- liquibase formatted sql", 0, 26)) {
            return liquibase(text, end);
        }
        if (containsAt(text, "+goose", '+')) {
            boolean tx = !GOOSE_NO_TX.matcher(text).find();
            Matcher down = GOOSE_DOWN.matcher(text);
            int downAt = down.find() ? down.start() : end;
            return new TransactionConventions(Tool.GOOSE,
                    List.of(new Region(0, downAt, tx, true), new Region(downAt, end, tx, false)));
        }
        Matcher up = DBMATE_UP.matcher(text);
        if (containsAt(text, "migrate:up", ':') && up.find()) {
            boolean tx = !up.group(1).replace(" ", "").toLowerCase(Locale.ROOT).contains("transaction:false");
            Matcher down = DBMATE_DOWN.matcher(text);
            int downAt = down.find() ? down.start() : end;
            return new TransactionConventions(Tool.DBMATE,
                    List.of(new Region(0, downAt, tx, true), new Region(downAt, end, tx, false)));
        }
        if (FLYWAY.matcher(name).matches()) {
            boolean tx = !containsConcurrently && !scriptConfigDisablesTransaction(path);
            return whole(Tool.FLYWAY, tx, end);
        }
        if (name.endsWith(".up.sql") || name.equals("up.sql")) {
            // golang-migrate and diesel send the file as one multi-statement string: an implicit transaction
            return whole(Tool.GOLANG_MIGRATE, true, end);
        }
        if (name.equals("migration.sql") || containsAt(text, "--> statement-breakpoint", '>')) {
            return whole(Tool.PRISMA_OR_DRIZZLE, true, end);
        }
        return whole(Tool.PLAIN, false, end);
    }

    /**
     * {@code text.contains(marker)}, found through {@code anchor}, a character of the marker that SQL seldom
     * holds: {@code String.indexOf(char)} is vectorised, while {@code indexOf(String)} on a 10 MB file is
     * most of the cost of these markers.
     */
    static boolean containsAt(String text, String marker, char anchor) {
        int offset = marker.indexOf(anchor);
        for (int at = text.indexOf(anchor, offset); at >= 0; at = text.indexOf(anchor, at + 1)) {
            if (text.startsWith(marker, at - offset)) {
                return true;
            }
        }
        return false;
    }

    /** Each {@code --changeset} runs in its own transaction unless it says {@code runInTransaction:false}. */
    private static TransactionConventions liquibase(String text, int end) {
        List<Region> regions = new ArrayList<>();
        Matcher changeset = LIQUIBASE_CHANGESET.matcher(text);
        int from = 0;
        boolean tx = true;
        while (changeset.find()) {
            regions.add(new Region(from, changeset.start(), tx, true));
            from = changeset.start();
            tx = !changeset.group().replace(" ", "").toLowerCase(Locale.ROOT).contains("runintransaction:false");
        }
        regions.add(new Region(from, end, tx, true));
        return new TransactionConventions(Tool.LIQUIBASE, regions);
    }

    private static TransactionConventions whole(Tool tool, boolean inTransaction, int end) {
        return new TransactionConventions(tool, List.of(new Region(0, end, inTransaction, true)));
    }

    /** Flyway's script configuration: {@code V1__x.sql.conf} beside the script. */
    private static boolean scriptConfigDisablesTransaction(Path script) {
        Path conf = script.resolveSibling(script.getFileName() + ".conf");
        try {
            return Files.isRegularFile(conf) && Files.readAllLines(conf).stream()
                    .map(l -> l.replace(" ", "").toLowerCase(Locale.ROOT))
                    .anyMatch(l -> l.equals("executeintransaction=false"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
