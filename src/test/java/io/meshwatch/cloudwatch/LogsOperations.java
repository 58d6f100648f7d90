package io.meshwatch.cloudwatch;

import io.meshwatch.cloudwatch.LogStore.Event;
import io.meshwatch.cloudwatch.LogStore.NewEvent;
import io.meshwatch.cloudwatch.LogStore.StreamInfo;
import io.meshwatch.cloudwatch.Tokens.FilterKey;
import io.meshwatch.cloudwatch.Tokens.StreamPosition;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** The CloudWatch Logs operations: request JSON in, response JSON out, over a {@link LogStore}. */
final class LogsOperations {

    static final int MAX_EVENTS = 10_000;
    // A PutLogEvents batch may hold 1 MB, counted with 26 bytes an event; GetLogEvents and
    // FilterLogEvents pages stop there too.
    static final int MAX_PAGE_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD_BYTES = 26;

    private final LogStore store;
    private final Tokens tokens;

    LogsOperations(LogStore store, Tokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    JsonObject call(String operation, JsonObject request) {
        return switch (operation) {
            case "CreateLogGroup" -> {
                store.createGroup(required(request, "logGroupName"));
                yield JsonValue.EMPTY_JSON_OBJECT;
            }
            case "CreateLogStream" -> {
                store.createStream(required(request, "logGroupName"), required(request, "logStreamName"));
                yield JsonValue.EMPTY_JSON_OBJECT;
            }
            case "PutLogEvents" -> putLogEvents(request);
            case "GetLogEvents" -> getLogEvents(request);
            case "DescribeLogStreams" -> describeLogStreams(request);
            case "FilterLogEvents" -> filterLogEvents(request);
            default -> throw new CloudWatchError("UnknownOperationException", 400,
                    "The stand-in does not implement " + operation);
        };
    }

    private JsonObject putLogEvents(JsonObject request) {
        JsonArray events = request.getJsonArray("logEvents");
        if (events == null || events.isEmpty() || events.size() > MAX_EVENTS) {
            throw CloudWatchError.invalidParameter("logEvents must hold 1 to " + MAX_EVENTS + " events.");
        }
        List<NewEvent> batch = new ArrayList<>();
        long bytes = 0;
        for (JsonObject e : events.getValuesAs(JsonObject.class)) {
            NewEvent next = new NewEvent(e.getJsonNumber("timestamp").longValue(), e.getString("message"));
            bytes += next.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
            if (!batch.isEmpty() && next.timestamp() < batch.get(batch.size() - 1).timestamp()) {
                throw CloudWatchError.invalidParameter(
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
            batch.add(next);
        }
        if (bytes > MAX_PAGE_BYTES) {
            // AWS's wording; a writer must split its batches itself.
            throw CloudWatchError.invalidParameter("Upload too large: " + bytes + " bytes exceeds limit of "
                    + MAX_PAGE_BYTES);
        }
        store.put(required(request, "logGroupName"), required(request, "logStreamName"), batch);
        // The sequence token is deprecated on AWS and ignored; callers may still read it.
        return Json.createObjectBuilder().add("nextSequenceToken", UUID.randomUUID().toString()).build();
    }

    /**
     * Every page covers positions [lo, hi) of the stream's readable prefix: the forward token
     * points at hi, the backward one at lo. Where a page is empty the token passed in comes
     * back unchanged, which is how AWS tells the caller it is at the end.
     */
    private JsonObject getLogEvents(JsonObject request) {
        List<Event> events = store.readable(required(request, "logGroupName"), required(request, "logStreamName"));
        int limit = limit(request, MAX_EVENTS);
        boolean fromHead = request.getBoolean("startFromHead", false);
        Predicate<Event> inRange = timeRange(request, false);
        String token = optionalString(request, "nextToken");
        StreamPosition from = token == null
                ? new StreamPosition(fromHead, fromHead ? 0 : events.size())
                : tokens.parseStreamToken(token, events.size());
        if (from.forward() && !fromHead) {
            // AWS silently misbehaves here (its docs demand startFromHead=true); fail loudly instead.
            throw CloudWatchError.invalidParameter(
                    "startFromHead must be true when nextToken is a forward token (stand-in check).");
        }
        List<Event> page = new ArrayList<>();
        int lo = from.position();
        int hi = from.position();
        int bytes = 0;
        if (from.forward()) {
            for (int i = from.position(); i < events.size() && page.size() < limit; i++) {
                Event e = events.get(i);
                if (inRange.test(e)) {
                    bytes += size(e);
                    if (!page.isEmpty() && bytes > MAX_PAGE_BYTES) {
                        break;
                    }
                    page.add(e);
                    hi = i + 1;
                }
            }
        } else {
            for (int i = from.position() - 1; i >= 0 && page.size() < limit; i--) {
                Event e = events.get(i);
                if (inRange.test(e)) {
                    bytes += size(e);
                    if (!page.isEmpty() && bytes > MAX_PAGE_BYTES) {
                        break;
                    }
                    page.add(0, e);
                    lo = i;
                }
            }
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        page.forEach(e -> out.add(Json.createObjectBuilder().add("timestamp", e.timestamp())
                .add("message", e.message()).add("ingestionTime", e.ingestionTime())));
        boolean sameToken = page.isEmpty() && token != null;
        return Json.createObjectBuilder().add("events", out)
                .add("nextForwardToken", sameToken && from.forward() ? token : tokens.forward(hi))
                .add("nextBackwardToken", sameToken && !from.forward() ? token : tokens.backward(lo))
                .build();
    }

    private JsonObject describeLogStreams(JsonObject request) {
        String prefix = optionalString(request, "logStreamNamePrefix");
        String orderBy = request.getString("orderBy", "LogStreamName");
        if (prefix != null && orderBy.equals("LastEventTime")) {
            throw CloudWatchError.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        int limit = limit(request, 50);
        List<StreamInfo> streams = new ArrayList<>(store.streams(required(request, "logGroupName")));
        streams.removeIf(s -> prefix != null && !s.name().startsWith(prefix));
        Comparator<StreamInfo> order = orderBy.equals("LastEventTime")
                ? Comparator.comparing((StreamInfo s) -> s.lastEventTimestamp() == null ? 0L : s.lastEventTimestamp())
                        .thenComparing(StreamInfo::name)
                : Comparator.comparing(StreamInfo::name);
        streams.sort(request.getBoolean("descending", false) ? order.reversed() : order);

        String token = optionalString(request, "nextToken");
        int offset = token == null ? 0 : tokens.parseDescribe(token);
        int end = Math.min(streams.size(), offset + limit);
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (StreamInfo s : streams.subList(Math.min(offset, end), end)) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("logStreamName", s.name())
                    .add("creationTime", s.creationTime()).add("storedBytes", 0);
            if (s.firstEventTimestamp() != null) {
                b.add("firstEventTimestamp", s.firstEventTimestamp()).add("lastEventTimestamp", s.lastEventTimestamp())
                        .add("lastIngestionTime", s.lastIngestionTime());
            }
            out.add(b);
        }
        JsonObjectBuilder answer = Json.createObjectBuilder().add("logStreams", out);
        if (end < streams.size()) {
            answer.add("nextToken", tokens.describe(end));
        }
        return answer.build();
    }

    /**
     * Merges the readable events of the chosen streams by (timestamp, put order). The token
     * continues after the last event returned, so an event that becomes readable later with
     * an earlier timestamp is not returned by the continuation: AWS's late-event behaviour.
     */
    private JsonObject filterLogEvents(JsonObject request) {
        if (optionalString(request, "filterPattern") != null) {
            throw CloudWatchError.invalidParameter("The stand-in does not implement filterPattern.");
        }
        Set<String> names = new HashSet<>();
        JsonArray listed = request.getJsonArray("logStreamNames");
        if (listed != null) {
            listed.getValuesAs(JsonString.class).forEach(n -> names.add(n.getString()));
        }
        String prefix = optionalString(request, "logStreamNamePrefix");
        if (!names.isEmpty() && prefix != null) {
            throw CloudWatchError.invalidParameter(
                    "logStreamNames and logStreamNamePrefix are mutually exclusive.");
        }
        Predicate<String> chosen = n -> (names.isEmpty() || names.contains(n))
                && (prefix == null || n.startsWith(prefix));
        int limit = limit(request, MAX_EVENTS);
        Predicate<Event> inRange = timeRange(request, true);
        String token = optionalString(request, "nextToken");
        FilterKey after = token == null ? null : tokens.parseFilter(token);

        record Found(String stream, Event event) {
        }
        List<Found> found = new ArrayList<>();
        store.readable(required(request, "logGroupName"), chosen).forEach((stream, events) -> events.stream()
                .filter(inRange)
                .filter(e -> after == null || e.timestamp() > after.timestamp()
                        || e.timestamp() == after.timestamp() && e.seq() > after.seq())
                .forEach(e -> found.add(new Found(stream, e))));
        found.sort(Comparator.comparingLong((Found f) -> f.event().timestamp()).thenComparingLong(f -> f.event().seq()));

        JsonArrayBuilder out = Json.createArrayBuilder();
        int taken = 0;
        int bytes = 0;
        for (Found f : found) {
            bytes += size(f.event());
            if (taken == limit || taken > 0 && bytes > MAX_PAGE_BYTES) {
                break;
            }
            Event e = f.event();
            out.add(Json.createObjectBuilder().add("logStreamName", f.stream()).add("timestamp", e.timestamp())
                    .add("message", e.message()).add("ingestionTime", e.ingestionTime()).add("eventId", e.eventId()));
            taken++;
        }
        JsonObjectBuilder answer = Json.createObjectBuilder().add("events", out);
        // Like AWS, no nextToken once nothing more matches.
        if (taken < found.size()) {
            Event last = found.get(taken - 1).event();
            answer.add("nextToken", tokens.filter(new FilterKey(last.timestamp(), last.seq())));
        }
        return answer.build();
    }

    /**
     * GetLogEvents' endTime is exclusive ("equal to or later ... not included"), FilterLogEvents'
     * is inclusive ("later than this time are not returned"), as the API reference words them.
     */
    private static Predicate<Event> timeRange(JsonObject request, boolean endInclusive) {
        Long start = optionalLong(request, "startTime");
        Long end = optionalLong(request, "endTime");
        return e -> (start == null || e.timestamp() >= start)
                && (end == null || (endInclusive ? e.timestamp() <= end : e.timestamp() < end));
    }

    private static int limit(JsonObject request, int max) {
        Long limit = optionalLong(request, "limit");
        if (limit == null) {
            return max;
        }
        if (limit < 1 || limit > max) {
            throw CloudWatchError.invalidParameter("limit must be between 1 and " + max + ".");
        }
        return limit.intValue();
    }

    private static int size(Event e) {
        return e.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
    }

    private static String required(JsonObject request, String name) {
        String value = optionalString(request, name);
        if (value == null) {
            throw CloudWatchError.invalidParameter(name + " is required.");
        }
        return value;
    }

    private static String optionalString(JsonObject request, String name) {
        JsonValue v = request.get(name);
        return v instanceof JsonString s && !s.getString().isEmpty() ? s.getString() : null;
    }

    private static Long optionalLong(JsonObject request, String name) {
        JsonValue v = request.get(name);
        return v instanceof JsonNumber n ? n.longValue() : null;
    }
}
