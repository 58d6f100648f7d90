package io.meshwatch.cloudwatch.control;

import io.meshwatch.cloudwatch.entity.LogCursor;
import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import io.meshwatch.platform.Time;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/**
 * One poll of one tail: find new streams now and then, read every stream from
 * its stored position, merge the new events by time, store them with the new
 * positions in one transaction, then tell the push. CloudWatch failures only
 * slow the tail down; they never reach the job or the server.
 */
@ApplicationScoped
public class TailPoller {

    private static final Logger LOG = Logger.getLogger(TailPoller.class.getName());
    static final int PAGE = 10_000;
    static final long SOON = Duration.ofMillis(500).toNanos();
    static final long MAX_BACKOFF = Duration.ofSeconds(30).toNanos();

    @Inject
    CloudWatchSettings settings;

    @Inject
    TailStore store;

    @Inject
    Event<LogLinesAppended> appended;

    final AtomicLong calls = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong expiredTokens = new AtomicLong();

    private volatile CloudWatchLogsClient client;

    // Accessors, since callers hold a CDI proxy whose own fields are not these.
    public long calls() {
        return calls.get();
    }

    public long throttled() {
        return throttled.get();
    }

    public long failures() {
        return failures.get();
    }

    public long expiredTokens() {
        return expiredTokens.get();
    }

    /** Polls once; true when the tail is done (the job ended and nothing new came for the settle period). */
    boolean poll(Tail tail) {
        long now = System.nanoTime();
        tail.quiet = false;
        try {
            if (tail.cursors == null) {
                store.cursors(tail.meshResultId).forEach(c -> tail.cursors().put(c.getStreamName(), c));
                tail.streams.addAll(tail.cursors().keySet());
            }
            if (tail.discoveryDue(now, settings.discoveryInterval.toNanos())) {
                if (tail.endedAt == null) {
                    // The JobFinished event can race with the tail's start; the row cannot.
                    tail.endedAt = store.finishedAt(tail.meshResultId);
                }
                discover(tail);
                tail.lastDiscovery = now;
            }
            boolean more = read(tail);
            tail.failures = 0;
            tail.missingSince = 0;
            tail.nextDue = System.nanoTime() + (more ? SOON : tail.intervalNanos);
        } catch (ThrottlingException e) {
            throttled.incrementAndGet();
            backoff(tail, "throttled");
        } catch (ResourceNotFoundException e) {
            missing(tail, now);
        } catch (InvalidParameterException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("token")) {
                // An expired token: read on from the stored time; the dedupe skips what is stored.
                expiredTokens.incrementAndGet();
                tail.cursors().values().forEach(c -> c.advance(null, c.getLastEventTs(), c.getSeenAtLastTs(),
                        Time.now()));
                tail.nextDue = System.nanoTime();
            } else {
                failures.incrementAndGet();
                backoff(tail, e.getMessage());
            }
        } catch (SdkException e) {
            failures.incrementAndGet();
            backoff(tail, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (TailLeases.LostException e) {
            // Another instance took the tail over (this one stalled past its time-to-live):
            // nothing was stored; stand by, and read on from the stored positions if it comes back.
            tail.lostLease();
            LOG.warning(() -> e.getMessage() + "; this instance stands by");
            return false;
        } catch (RuntimeException e) {
            // Storing failed: the positions in memory ran ahead of the database; reload them.
            tail.cursors = null;
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "Tailing " + tail.jobId + " failed", e);
            backoff(tail, e.toString());
        }
        Instant ended = tail.endedAt;
        if (ended == null || !tail.quiet) {
            return false;
        }
        Instant quietSince = tail.lastNewEvents.isAfter(ended) ? tail.lastNewEvents : ended;
        return Duration.between(quietSince, Instant.now()).compareTo(settings.settle) > 0;
    }

    private void discover(Tail tail) {
        tail.beforeCall();
        calls.incrementAndGet();
        for (LogStream stream : client().describeLogStreams(r -> r.logGroupName(tail.group).limit(50)).logStreams()) {
            tail.streams.add(stream.logStreamName());
        }
    }

    /**
     * Reads every stream once, starting with a different one each poll, and stores
     * what it read even when a later call fails: a throttled call costs that
     * stream's turn, never the lines already read. True when it should poll again soon.
     */
    private boolean read(Tail tail) {
        List<NewLine> lines = new ArrayList<>();
        List<LogCursor> positions = new ArrayList<>();
        List<String> streams = new ArrayList<>(tail.streams);
        int first = Math.floorMod(tail.rotation++, streams.size());
        boolean more = false;
        boolean moved = false;
        SdkException failure = null;
        for (int i = 0; i < streams.size() && failure == null; i++) {
            String stream = streams.get((first + i) % streams.size());
            try {
                String before = tail.cursors().containsKey(stream) ? tail.cursors().get(stream).getNextToken() : null;
                more |= readStream(tail, stream, lines, positions);
                moved |= !java.util.Objects.equals(before, tail.cursors().get(stream).getNextToken());
            } catch (ResourceNotFoundException e) {
                if (streams.size() == 1) {
                    throw e;
                }
            } catch (SdkException e) {
                // Counted and backed off by poll(), after what was read is stored.
                failure = e;
            }
        }
        // Streams read in one poll are merged by event time (stable for equal times).
        lines.sort(Comparator.comparing(NewLine::ts));
        LogLinesAppended stored = store.save(tail.jobId, tail.meshResultId, lines, positions);
        if (stored != null) {
            tail.lastNewEvents = Instant.now();
            tail.intervalNanos = settings.baseInterval.toNanos();
            fire(stored);
        }
        if (failure != null) {
            if (stored != null) {
                tail.failures = 0;
            }
            throw failure;
        }
        if (stored == null && !moved) {
            tail.intervalNanos = Math.min(tail.intervalNanos * 2, settings.maxIdleInterval.toNanos());
            tail.quiet = true;
        }
        // A token that moved without events may hide events that follow: look again soon.
        return stored != null || more || moved;
    }

    /** Reads one stream from its position; true when it returned a full page. */
    private boolean readStream(Tail tail, String stream, List<NewLine> lines, List<LogCursor> positions) {
        LogCursor cursor = tail.cursors().computeIfAbsent(stream, s -> new LogCursor(tail.meshResultId, s));
        GetLogEventsRequest.Builder request = GetLogEventsRequest.builder()
                .logGroupName(tail.group).logStreamName(stream).startFromHead(true).limit(PAGE);
        boolean byTime = cursor.getNextToken() == null;
        if (byTime) {
            if (cursor.getLastEventTs() > 0) {
                request.startTime(cursor.getLastEventTs());
            }
        } else {
            request.nextToken(cursor.getNextToken());
        }
        tail.beforeCall();
        calls.incrementAndGet();
        GetLogEventsResponse response = client().getLogEvents(request.build());
        long lastTs = cursor.getLastEventTs();
        int seen = cursor.getSeenAtLastTs();
        int skip = byTime ? seen : 0;
        List<OutputLogEvent> events = new ArrayList<>(response.events());
        events.sort(Comparator.comparingLong(OutputLogEvent::timestamp));
        for (OutputLogEvent event : events) {
            long ts = event.timestamp();
            // After a re-read from a time, skip what was stored: older events, and the
            // events at the stored time that were already counted.
            if (byTime && ts < cursor.getLastEventTs()) {
                continue;
            }
            if (byTime && ts == cursor.getLastEventTs() && skip > 0) {
                skip--;
                continue;
            }
            seen = ts == lastTs ? seen + 1 : 1;
            lastTs = ts;
            String message = event.message().endsWith("\n")
                    ? event.message().substring(0, event.message().length() - 1) : event.message();
            for (String text : message.split("\r?\n", -1)) {
                lines.add(new NewLine(Instant.ofEpochMilli(ts), stream, text));
            }
        }
        cursor.advance(response.nextForwardToken(), lastTs, seen, Time.now());
        positions.add(cursor);
        return response.events().size() >= PAGE;
    }

    private void missing(Tail tail, long now) {
        if (tail.missingSince == 0) {
            tail.missingSince = now;
        }
        boolean reportable = now - tail.missingSince > settings.missingGroupReport.toNanos() || tail.endedAt != null;
        if (reportable && !tail.missingReported) {
            tail.missingReported = true;
            if (!store.reportedMissing(tail.meshResultId)) {
                String text = TailStore.MISSING_GROUP + tail.group + " (yet); the job has not logged there";
                try {
                    LogLinesAppended stored = store.save(tail.jobId, tail.meshResultId,
                            List.of(new NewLine(Time.now(), NewLine.SYSTEM, text)), List.of());
                    fire(stored);
                    LOG.warning(() -> text + " (job " + tail.jobId + ")");
                } catch (TailLeases.LostException e) {
                    tail.lostLease();
                    return;
                }
            }
        }
        // An ended job whose group is still missing has nothing more to say once settled.
        tail.quiet = tail.endedAt != null;
        backoff(tail, null);
    }

    private void backoff(Tail tail, String reason) {
        tail.failures++;
        long base = settings.baseInterval.toNanos() << Math.min(tail.failures, 4);
        long delay = Math.min(base, MAX_BACKOFF);
        delay += ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        tail.nextDue = System.nanoTime() + delay;
        if (reason != null) {
            LOG.warning(() -> "CloudWatch tail of " + tail.jobId + " backs off " + Duration.ofNanos(tail.nextDue
                    - System.nanoTime()).toMillis() + " ms: " + reason);
        }
    }

    private void fire(LogLinesAppended stored) {
        try {
            appended.fire(stored);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Telling the live push about " + stored.jobId() + "'s lines failed", e);
        }
    }

    CloudWatchLogsClient client() {
        CloudWatchLogsClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    CloudWatchLogsClientBuilder builder = CloudWatchLogsClient.builder()
                            .region(Region.of(settings.region))
                            // The tail backs off and retries by itself, within the shared budget.
                            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                                    .apiCallTimeout(Duration.ofSeconds(15))
                                    .apiCallAttemptTimeout(Duration.ofSeconds(10)));
                    settings.endpoint.filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
                    client = builder.build();
                }
                built = client;
            }
        }
        return built;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
