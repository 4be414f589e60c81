package io.coldchain.streams;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far a task fed through a repartition topic knows its inputs to have arrived: the latest wall-clock time
 * {@code t} such that every record published to the upstream topics by {@code t} has been processed upstream and what
 * the upstream tasks wrote for it has been read by this task. Two facts give it, both from {@link InputProgress}:
 * <ol>
 *   <li>the application's committed offsets on every partition of the upstream topics are past what those partitions
 *   held at {@code t} (asked at a check at wall time {@code c}: under exactly-once, the commit that carried those
 *   offsets carried what the upstream tasks wrote to the repartition topic, so it is on that topic by {@code c});</li>
 *   <li>this task has read what its repartition partition held at some time at or after {@code c}.</li>
 * </ol>
 * Each check records the pair ({@code c}, what the upstream commits covered then); a pair counts once the task has
 * read its partition past {@code c}. Pure: the caller asks the two questions and passes the answers.
 *
 * <p>Without the signal ({@link Long#MAX_VALUE} from both questions: no sampler, as under {@code TopologyTestDriver})
 * the frontier is the check's own time: everything counts as arrived, as before there was a signal.
 */
public final class ArrivalFrontier {

    /** Pairs not counted yet, oldest first: the check's wall time and what the upstream commits covered then. */
    private final Deque<long[]> checks = new ArrayDeque<>();
    private long frontier = Long.MIN_VALUE;

    /**
     * @param now         this check's wall-clock time
     * @param upstreamUpTo everything the upstream topics held at this time has been committed by the application, as
     *                    known {@code now} ({@link InputProgress#committedUpTo}, the least over the topics)
     * @param readUpTo    this task has read what its repartition partition held at this time
     *                    ({@link InputProgress#readUpTo})
     * @return the frontier: never less than at an earlier check, never more than {@code now}
     */
    public long advance(final long now, final long upstreamUpTo, final long readUpTo) {
        final long covered = Math.min(upstreamUpTo, now);
        final long[] last = checks.peekLast();
        // Coverage known already (at an earlier check, so counted sooner) needs no pair of its own.
        if (covered > (last == null ? frontier : last[1])) {
            checks.addLast(new long[] {now, covered});
        }
        while (!checks.isEmpty() && checks.peekFirst()[0] <= readUpTo) {
            frontier = Math.max(frontier, checks.removeFirst()[1]);
        }
        return frontier;
    }

    /** The frontier as of the last {@link #advance}. */
    public long frontier() {
        return frontier;
    }
}
