package io.pgsafe.jdbc.monitor;

/**
 * A row of {@code pg_stat_progress_create_index} or {@code pg_stat_progress_cluster} for the statement's backend.
 *
 * @param command  {@code CREATE INDEX}, {@code REINDEX}, {@code CLUSTER} … as the view says
 * @param phase    the view's phase text
 */
public record Progress(String command, String phase, long blocksDone, long blocksTotal, long tuplesDone,
                       long tuplesTotal) {

    @Override
    public String toString() {
        return command + " phase '" + phase + "': blocks " + blocksDone + " of " + blocksTotal + ", tuples "
                + tuplesDone + " of " + tuplesTotal;
    }
}
