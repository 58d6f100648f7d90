package io.meshwatch.cloudwatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The stand-in's log groups, streams and events, in memory. Every method is synchronized:
 * the HTTP server answers on several threads and tests write directly at the same time.
 * Reads hand out immutable snapshots, so paging happens outside the lock.
 */
final class LogStore {

    /** A stored event. {@code seq} is global put order; it orders ties and makes the eventId. */
    record Event(long timestamp, String message, long ingestionTime, long visibleAt, long seq) {

        String eventId() {
            // AWS's eventIds are long digit strings; only uniqueness matters to callers.
            return String.format("%056d", seq);
        }
    }

    record NewEvent(long timestamp, String message) {
    }

    record StreamInfo(String name, long creationTime, Long firstEventTimestamp, Long lastEventTimestamp,
            Long lastIngestionTime) {
    }

    private static final class Stream {
        final long creationTime;
        final List<Event> events = new ArrayList<>();

        Stream(long creationTime) {
            this.creationTime = creationTime;
        }
    }

    private final Map<String, Map<String, Stream>> groups = new HashMap<>();
    private final LongSupplier clock;
    private long visibilityDelayMillis;
    private long nextSeq;

    LogStore(LongSupplier clock) {
        this.clock = clock;
    }

    synchronized void visibilityDelay(long millis) {
        visibilityDelayMillis = millis;
    }

    synchronized void createGroup(String group) {
        if (groups.containsKey(group)) {
            throw CloudWatchError.alreadyExists("The specified log group already exists");
        }
        groups.put(group, new TreeMap<>());
    }

    synchronized void createStream(String group, String stream) {
        Map<String, Stream> streams = group(group);
        if (streams.containsKey(stream)) {
            throw CloudWatchError.alreadyExists("The specified log stream already exists");
        }
        streams.put(stream, new Stream(clock.getAsLong()));
    }

    synchronized void ensureGroupAndStream(String group, String stream) {
        groups.computeIfAbsent(group, g -> new TreeMap<>())
                .computeIfAbsent(stream, s -> new Stream(clock.getAsLong()));
    }

    /**
     * Appends in put order. The visibility delay in force now is stamped on the events, so
     * changing it later does not hide events that were already readable.
     */
    synchronized void put(String group, String stream, List<NewEvent> batch) {
        Stream target = stream(group, stream);
        long now = clock.getAsLong();
        for (NewEvent e : batch) {
            target.events.add(new Event(e.timestamp(), e.message(), now, now + visibilityDelayMillis, nextSeq++));
        }
    }

    /**
     * The readable prefix of a stream: events up to (not including) the first one that is not
     * visible yet. A late event at the head holds back those put after it, so a position
     * handed out in a token never skips an event that shows up later.
     */
    synchronized List<Event> readable(String group, String stream) {
        return readablePrefix(stream(group, stream).events);
    }

    /** Readable prefixes of the group's streams whose names pass the filter, by stream name. */
    synchronized Map<String, List<Event>> readable(String group, Predicate<String> streamNames) {
        Map<String, List<Event>> result = new TreeMap<>();
        group(group).forEach((name, s) -> {
            if (streamNames.test(name)) {
                result.put(name, readablePrefix(s.events));
            }
        });
        return result;
    }

    /** Stream descriptions; event times cover every stored event, readable or not. */
    synchronized List<StreamInfo> streams(String group) {
        List<StreamInfo> result = new ArrayList<>();
        group(group).forEach((name, s) -> {
            Long first = null;
            Long last = null;
            Long ingested = null;
            for (Event e : s.events) {
                first = first == null ? e.timestamp() : Math.min(first, e.timestamp());
                last = last == null ? e.timestamp() : Math.max(last, e.timestamp());
                ingested = ingested == null ? e.ingestionTime() : Math.max(ingested, e.ingestionTime());
            }
            result.add(new StreamInfo(name, s.creationTime, first, last, ingested));
        });
        return result;
    }

    private List<Event> readablePrefix(List<Event> events) {
        long now = clock.getAsLong();
        int end = 0;
        while (end < events.size() && events.get(end).visibleAt() <= now) {
            end++;
        }
        return List.copyOf(events.subList(0, end));
    }

    private Map<String, Stream> group(String group) {
        Map<String, Stream> streams = groups.get(group);
        if (streams == null) {
            throw CloudWatchError.groupNotFound();
        }
        return streams;
    }

    private Stream stream(String group, String stream) {
        Stream s = group(group).get(stream);
        if (s == null) {
            throw CloudWatchError.streamNotFound();
        }
        return s;
    }
}
