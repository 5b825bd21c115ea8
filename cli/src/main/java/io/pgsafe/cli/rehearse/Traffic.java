package io.pgsafe.cli.rehearse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * N sessions reading and writing the tables the migration touches while it runs: {@code SELECT … LIMIT 1}, and a
 * real single-row {@code UPDATE t SET pk = pk WHERE pk = <existing key>} (ROW EXCLUSIVE plus a row lock) when the
 * table has a one-column primary key, else {@code UPDATE t SET c = c WHERE false}, which still takes ROW EXCLUSIVE.
 * Every operation's start, latency and error is recorded, so lock-queue effects show up.
 */
final class Traffic {

    /**
     * A table the traffic works on. {@code setColumn} is what the write sets to itself: the key, unless the key is an
     * identity {@code GENERATED ALWAYS} (or generated) column, which PostgreSQL only lets be SET to DEFAULT (428C9);
     * then a settable column, one with a default first (such as {@code created_at}: expand/contract migrations rename
     * and drop the columns the application writes, rarely those).
     */
    record Target(String table, String keyColumn, List<String> keys, String anyColumn, String setColumn) {
    }

    /** One operation. */
    record Op(boolean write, long startNanos, long endNanos, String error) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private final List<Op> ops = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean running = true;

    /** Finds the targets: the tables' one-column primary keys and a few key values, on a plain connection. */
    static List<Target> targets(Connection connection, List<String> tables) throws SQLException {
        List<Target> targets = new ArrayList<>();
        for (String table : tables) {
            String key = null;
            String any = null;
            String set = null;
            try (var q = connection.prepareStatement("select (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                    + " and a.attnum = i.indkey[0] where i.indrelid = to_regclass(?) and i.indisprimary and i.indnatts = 1),"
                    + " (select attname from pg_attribute where attrelid = to_regclass(?) and attnum > 0 and not attisdropped order by attnum limit 1),"
                    + " (select attname from pg_attribute a where attrelid = to_regclass(?) and attnum > 0 and not attisdropped"
                    + " and attidentity <> 'a' and attgenerated = '' order by (select i.indisprimary from pg_index i"
                    + " where i.indrelid = a.attrelid and i.indisprimary and i.indnatts = 1 and i.indkey[0] = a.attnum) is not true,"
                    + " atthasdef desc, attnum limit 1)")) {
                q.setString(1, table);
                q.setString(2, table);
                q.setString(3, table);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        key = rs.getString(1);
                        any = rs.getString(2);
                        set = rs.getString(3);
                    }
                }
            }
            if (any == null) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            if (key != null) {
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("select " + quote(key) + "::text from " + table + " limit 500")) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            targets.add(new Target(table, keys.isEmpty() ? null : key, keys, any, set == null ? any : set));
        }
        return targets;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    void start(int sessions, List<Target> targets, Supplier<Connection> connect, long pauseMillis) {
        if (targets.isEmpty()) {
            return;
        }
        for (int i = 0; i < sessions; i++) {
            Connection connection = connect.get();
            connections.add(connection);
            Thread thread = new Thread(() -> loop(connection, targets, pauseMillis), "pgsafe-rehearse-traffic-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(Connection connection, List<Target> targets, long pauseMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Statement statement = connection.createStatement()) {
            boolean write = random.nextBoolean();
            while (running) {
                Target t = targets.get(random.nextInt(targets.size()));
                String sql;
                if (!write) {
                    sql = "select " + quote(t.anyColumn()) + " from " + t.table() + " limit 1";
                } else if (t.keyColumn() != null) {
                    String k = quote(t.keyColumn());
                    String c = quote(t.setColumn());
                    sql = "update " + t.table() + " set " + c + " = " + c + " where " + k + " = '"
                            + t.keys().get(random.nextInt(t.keys().size())).replace("'", "''") + "'";
                } else {
                    String c = quote(t.setColumn());
                    sql = "update " + t.table() + " set " + c + " = " + c + " where false";
                }
                long start = System.nanoTime();
                String error = null;
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    if (!running) {
                        break;
                    }
                    error = e.getSQLState() + " " + e.getMessage();
                }
                ops.add(new Op(write, start, System.nanoTime(), error));
                write = !write;
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (SQLException e) {
            // the connection was closed at the end of the rehearsal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the sessions: waits for a statement in flight to end (it may be queued behind the migration). */
    void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    /** The slowest traffic operation that was running at some point in {@code [from, to]}, in ms; 0 without traffic. */
    double maxLatencyOverlapping(long fromNanos, long toNanos) {
        double max = 0;
        for (Op op : ops()) {
            if (op.startNanos() <= toNanos && op.endNanos() >= fromNanos) {
                max = Math.max(max, op.millis());
            }
        }
        return max;
    }

    static Map<String, Object> summary(List<Op> ops, boolean writes) {
        List<Op> selected = ops.stream().filter(o -> o.write() == writes).toList();
        double[] ms = selected.stream().filter(o -> o.error() == null).mapToDouble(Op::millis).sorted().toArray();
        long errors = selected.stream().filter(o -> o.error() != null).count();
        return Map.of("operations", selected.size(), "errors", errors,
                "p50Ms", round(percentile(ms, 0.50)), "p99Ms", round(percentile(ms, 0.99)),
                "maxMs", round(ms.length == 0 ? 0 : ms[ms.length - 1]));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
