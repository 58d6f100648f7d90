package io.meshwatch.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Every call the stand-in received, with the time it arrived, for rate assertions. */
public final class CallLog {

    /** One call: its operation, arrival, the caller's access key id and the log group it named (or ""). */
    public record Call(String operation, long atMillis, String caller, String group) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final LongSupplier clock;

    CallLog(LongSupplier clock) {
        this.clock = clock;
    }

    synchronized void record(String operation) {
        record(operation, "", "");
    }

    synchronized void record(String operation, String caller, String group) {
        calls.add(new Call(operation, clock.getAsLong(), caller, group));
    }

    /** The calls that named this log group, in arrival order. */
    synchronized List<Call> ofGroup(String group) {
        return calls.stream().filter(c -> c.group().equals(group)).toList();
    }

    synchronized int count(String operation) {
        return (int) calls.stream().filter(c -> matches(c, operation)).count();
    }

    synchronized int total() {
        return calls.size();
    }

    synchronized SortedMap<Long, Integer> perSecond(String operation) {
        SortedMap<Long, Integer> seconds = new TreeMap<>();
        calls.stream().filter(c -> matches(c, operation))
                .forEach(c -> seconds.merge(Math.floorDiv(c.atMillis(), 1000L), 1, Integer::sum));
        return seconds;
    }

    /**
     * The most calls inside any window of this length, wherever it starts. Stricter than
     * per-second buckets: a burst straddling a second boundary shows up in full.
     */
    synchronized int maxInWindow(String operation, long windowMillis) {
        long[] times = calls.stream().filter(c -> matches(c, operation)).mapToLong(Call::atMillis).sorted().toArray();
        int max = 0;
        int first = 0;
        for (int last = 0; last < times.length; last++) {
            while (times[last] - times[first] >= windowMillis) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    synchronized void reset() {
        calls.clear();
    }

    private static boolean matches(Call call, String operation) {
        return CloudWatchStandIn.ANY_OPERATION.equals(operation) || call.operation().equals(operation);
    }
}
