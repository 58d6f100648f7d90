package io.meshwatch.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ServiceUnavailableException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/** Drives the stand-in only through the real SDK client, so what passes here is what the SDK accepts. */
class CloudWatchStandInTest {

    private static final String GROUP = "/meshwatch/jobs";
    private static final String STREAM = "job-1";

    // The stand-in's clock: tests move it instead of sleeping.
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<CloudWatchLogsClient> clients = new ArrayList<>();
    private CloudWatchStandIn standIn;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() throws Exception {
        standIn = new CloudWatchStandIn(0, now::get);
        logs = client(true);
    }

    @AfterEach
    void stop() {
        clients.forEach(CloudWatchLogsClient::close);
        standIn.close();
    }

    /** With retries off the test sees each raw answer; with them on, the SDK's default strategy. */
    private CloudWatchLogsClient client(boolean retries) {
        var builder = CloudWatchLogsClient.builder()
                .endpointOverride(standIn.endpoint())
                .region(Region.US_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSTANDIN", "stand-in-secret")));
        if (!retries) {
            builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        CloudWatchLogsClient client = builder.build();
        clients.add(client);
        return client;
    }

    private void put(String stream, long firstTimestamp, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(firstTimestamp + i).message(messages[i]).build());
        }
        logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(stream).logEvents(events));
    }

    private GetLogEventsResponse get(Consumer<GetLogEventsRequest.Builder> request) {
        return logs.getLogEvents(r -> request.accept(r.logGroupName(GROUP).logStreamName(STREAM)));
    }

    private static List<String> messages(GetLogEventsResponse page) {
        return page.events().stream().map(OutputLogEvent::message).toList();
    }

    @Test
    void roundTripPagesForwardAndAnswersTheSameTokenAtTheEnd() {
        logs.createLogGroup(r -> r.logGroupName(GROUP));
        logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName(STREAM));
        PutLogEventsResponse put = logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).logEvents(
                IntStream.range(0, 5).mapToObj(i -> InputLogEvent.builder().timestamp(1000L + i).message("m" + i).build())
                        .toList()));
        assertTrue(put.nextSequenceToken() != null && !put.nextSequenceToken().isEmpty());

        List<String> read = new ArrayList<>();
        GetLogEventsResponse page = get(r -> r.startFromHead(true).limit(2));
        assertEquals(2, page.events().size());
        assertEquals(now.get(), page.events().get(0).ingestionTime());
        assertEquals(1000L, page.events().get(0).timestamp());
        assertTrue(page.nextForwardToken().matches("f/\\d{56}"), page.nextForwardToken());
        assertTrue(page.nextBackwardToken().matches("b/\\d{56}"), page.nextBackwardToken());
        read.addAll(messages(page));
        String token = page.nextForwardToken();
        while (true) {
            String from = token;
            page = get(r -> r.startFromHead(true).limit(2).nextToken(from));
            if (page.nextForwardToken().equals(from)) {
                assertTrue(page.events().isEmpty());
                break;
            }
            assertTrue(page.events().size() <= 2);
            read.addAll(messages(page));
            token = page.nextForwardToken();
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), read);
        assertEquals(4, standIn.calls("GetLogEvents"));

        // The end is only "for now": events put later come from the same token.
        put(STREAM, 2000L, "m5");
        String end = token;
        assertEquals(List.of("m5"), messages(get(r -> r.startFromHead(true).nextToken(end))));
    }

    @Test
    void startFromHeadReadsTheOldestFirstAndItsAbsenceTheNewest() {
        standIn.putEvents(GROUP, STREAM, List.of("a", "b", "c", "d", "e"), 1000L, 10L);

        assertEquals(List.of("a", "b"), messages(get(r -> r.startFromHead(true).limit(2))));

        // AWS's default (startFromHead false): the latest events, still in time order.
        GetLogEventsResponse newest = get(r -> r.limit(2));
        assertEquals(List.of("d", "e"), messages(newest));
        GetLogEventsResponse older = get(r -> r.limit(2).nextToken(newest.nextBackwardToken()));
        assertEquals(List.of("b", "c"), messages(older));
        GetLogEventsResponse oldest = get(r -> r.limit(2).nextToken(older.nextBackwardToken()));
        assertEquals(List.of("a"), messages(oldest));
        GetLogEventsResponse beforeStart = get(r -> r.limit(2).nextToken(oldest.nextBackwardToken()));
        assertTrue(beforeStart.events().isEmpty());
        assertEquals(oldest.nextBackwardToken(), beforeStart.nextBackwardToken());

        // The newest page's forward token reads on from there.
        standIn.putEvents(GROUP, STREAM, List.of("f"), 2000L, 0L);
        assertEquals(List.of("f"), messages(get(r -> r.startFromHead(true).nextToken(newest.nextForwardToken()))));
    }

    @Test
    void forwardTokenWithoutStartFromHeadIsRejectedLoudly() {
        standIn.putEvents(GROUP, STREAM, List.of("a"), 1000L, 0L);
        String token = get(r -> r.startFromHead(true)).nextForwardToken();

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> get(r -> r.nextToken(token)));
        assertTrue(e.awsErrorDetails().errorMessage().contains("startFromHead"));
    }

    @Test
    void startAndEndTimeFilterByEventTimeInclusiveAndExclusive() {
        standIn.putEvents(GROUP, STREAM, List.of("t0", "t10", "t20", "t30"), 0L, 10L);

        GetLogEventsResponse page = get(r -> r.startFromHead(true).startTime(10L).endTime(30L));

        assertEquals(List.of("t10", "t20"), messages(page));
    }

    @Test
    void pagesStopAtOneMegabyte() {
        String big = "x".repeat(250_000);
        standIn.putEvents(GROUP, STREAM, List.of(big, big, big, big, big), 1000L, 1L);

        GetLogEventsResponse first = get(r -> r.startFromHead(true));
        assertEquals(4, first.events().size());
        assertEquals(1, get(r -> r.startFromHead(true).nextToken(first.nextForwardToken())).events().size());
    }

    @Test
    void missingGroupOrStreamIsResourceNotFound() {
        ResourceNotFoundException noGroup = assertThrows(ResourceNotFoundException.class,
                () -> logs.getLogEvents(r -> r.logGroupName("/nope").logStreamName(STREAM)));
        assertEquals("ResourceNotFoundException", noGroup.awsErrorDetails().errorCode());
        assertEquals(400, noGroup.statusCode());
        assertEquals("The specified log group does not exist.", noGroup.awsErrorDetails().errorMessage());

        logs.createLogGroup(r -> r.logGroupName(GROUP));
        ResourceNotFoundException noStream = assertThrows(ResourceNotFoundException.class, () -> put("nope", 1L, "x"));
        assertEquals("The specified log stream does not exist.", noStream.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class,
                () -> logs.createLogStream(r -> r.logGroupName("/nope").logStreamName(STREAM)));
        assertThrows(ResourceNotFoundException.class,
                () -> logs.filterLogEvents(r -> r.logGroupName("/nope")));
        assertThrows(ResourceNotFoundException.class,
                () -> logs.describeLogStreams(r -> r.logGroupName("/nope")));
    }

    @Test
    void creatingTwiceIsResourceAlreadyExists() {
        logs.createLogGroup(r -> r.logGroupName(GROUP));
        logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName(STREAM));

        assertThrows(ResourceAlreadyExistsException.class, () -> logs.createLogGroup(r -> r.logGroupName(GROUP)));
        assertThrows(ResourceAlreadyExistsException.class,
                () -> logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName(STREAM)));
    }

    @Test
    void putRejectsOutOfOrderAndOversizedBatches() {
        standIn.createGroupAndStream(GROUP, STREAM);

        InvalidParameterException outOfOrder = assertThrows(InvalidParameterException.class,
                () -> logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).logEvents(
                        InputLogEvent.builder().timestamp(2L).message("late").build(),
                        InputLogEvent.builder().timestamp(1L).message("early").build())));
        assertTrue(outOfOrder.awsErrorDetails().errorMessage().contains("chronological order"));

        List<InputLogEvent> tooMany = IntStream.range(0, 10_001)
                .mapToObj(i -> InputLogEvent.builder().timestamp((long) i).message("m").build()).toList();
        assertThrows(InvalidParameterException.class,
                () -> logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).logEvents(tooMany)));

        // 1 MB counted with 26 bytes an event: 104 events of 10,000 bytes fit, 105 do not.
        String message = "x".repeat(10_000 - 26);
        List<InputLogEvent> fits = IntStream.range(0, 104)
                .mapToObj(i -> InputLogEvent.builder().timestamp(5L).message(message).build()).toList();
        List<InputLogEvent> tooLarge = IntStream.range(0, 105)
                .mapToObj(i -> InputLogEvent.builder().timestamp(5L).message(message).build()).toList();
        InvalidParameterException oversized = assertThrows(InvalidParameterException.class,
                () -> logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).logEvents(tooLarge)));
        assertTrue(oversized.awsErrorDetails().errorMessage().contains("Upload too large"));
        assertTrue(get(r -> r.startFromHead(true)).events().isEmpty());

        logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM).logEvents(fits));
        assertEquals(104, get(r -> r.startFromHead(true)).events().size());
    }

    @Test
    void describeLogStreamsListsByNameWithPagingAndByLastEventTime() {
        standIn.putEvents(GROUP, "job-b", List.of("b"), 3000L, 0L);
        standIn.putEvents(GROUP, "job-a", List.of("a1", "a2"), 1000L, 500L);
        standIn.putEvents(GROUP, "job-c", List.of("c"), 2000L, 0L);
        standIn.createGroupAndStream(GROUP, "other");

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            DescribeLogStreamsResponse page = logs.describeLogStreams(
                    r -> r.logGroupName(GROUP).logStreamNamePrefix("job-").limit(2).nextToken(from));
            page.logStreams().forEach(s -> names.add(s.logStreamName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(List.of("job-a", "job-b", "job-c"), names);
        assertEquals(2, pages);

        List<LogStream> byTime = logs.describeLogStreams(DescribeLogStreamsRequest.builder().logGroupName(GROUP)
                .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).build()).logStreams();
        assertEquals(List.of("job-b", "job-c", "job-a", "other"), byTime.stream().map(LogStream::logStreamName).toList());
        LogStream a = byTime.get(2);
        assertEquals(1000L, a.firstEventTimestamp());
        assertEquals(1500L, a.lastEventTimestamp());
        assertEquals(now.get(), a.lastIngestionTime());
        assertEquals(now.get(), a.creationTime());
        assertNull(byTime.get(3).lastEventTimestamp());

        assertThrows(InvalidParameterException.class, () -> logs.describeLogStreams(r -> r.logGroupName(GROUP).limit(51)));
    }

    @Test
    void filterLogEventsMergesStreamsInTimeOrderWithUniqueEventIds() {
        standIn.putEvents(GROUP, "s1", List.of("s1-0", "s1-30", "s1-60"), 0L, 30L);
        standIn.putEvents(GROUP, "s2", List.of("s2-10", "s2-40"), 10L, 30L);
        standIn.putEvents(GROUP, "s3", List.of("s3-20", "s3-50"), 20L, 30L);

        List<FilteredLogEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(GROUP).limit(3).nextToken(from));
            all.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertEquals(List.of("s1-0", "s2-10", "s3-20", "s1-30", "s2-40", "s3-50", "s1-60"),
                all.stream().map(FilteredLogEvent::message).toList());
        assertEquals(3, pages);
        assertEquals(7, new HashSet<>(all.stream().map(FilteredLogEvent::eventId).toList()).size());
        assertEquals("s2", all.get(1).logStreamName());

        // FilterLogEvents' endTime is inclusive, unlike GetLogEvents'.
        FilterLogEventsResponse some = logs.filterLogEvents(FilterLogEventsRequest.builder().logGroupName(GROUP)
                .logStreamNames("s1", "s3").startTime(20L).endTime(50L).build());
        assertEquals(List.of("s3-20", "s1-30", "s3-50"), some.events().stream().map(FilteredLogEvent::message).toList());
        assertNull(some.nextToken());
    }

    @Test
    void fullThrottlingGivesTheTypedThrottlingException() {
        standIn.createGroupAndStream(GROUP, STREAM);
        standIn.throttleShare(1.0);
        CloudWatchLogsClient raw = client(false);

        ThrottlingException e = assertThrows(ThrottlingException.class,
                () -> raw.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM)));

        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
        assertTrue(e.isThrottlingException());
        assertEquals(1, standIn.calls("GetLogEvents"));
    }

    @Test
    void halfThrottlingFailsEverySecondCall() {
        standIn.createGroupAndStream(GROUP, STREAM);
        standIn.throttleShare(0.5);
        CloudWatchLogsClient raw = client(false);

        List<Boolean> throttled = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try {
                raw.describeLogStreams(r -> r.logGroupName(GROUP));
                throttled.add(false);
            } catch (ThrottlingException e) {
                throttled.add(true);
            }
        }

        assertEquals(List.of(false, true, false, true, false, true), throttled);
    }

    @Test
    void serverErrorsAreRetryable5xxThatTheDefaultRetriesGetPast() {
        standIn.createGroupAndStream(GROUP, STREAM);
        standIn.serverErrorShare(1.0);
        CloudWatchLogsClient raw = client(false);

        SdkServiceException e = assertThrows(SdkServiceException.class,
                () -> raw.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM)));
        assertEquals(500, e.statusCode());
        assertTrue(e instanceof ServiceUnavailableException, e.getClass().getName());
        assertEquals(1, standIn.calls("GetLogEvents"));

        // With the SDK's default retries, every second call failing costs one retry per failure.
        standIn.serverErrorShare(0.5);
        standIn.resetCounts();
        for (int i = 0; i < 4; i++) {
            get(r -> r.startFromHead(true));
        }
        assertEquals(7, standIn.calls("GetLogEvents"));
    }

    @Test
    void failNextFailsOnlyThatOperationAndThenRecovers() {
        standIn.putEvents(GROUP, STREAM, List.of("a"), 1000L, 0L);
        standIn.failNext("GetLogEvents", 1, "ServiceUnavailableException");

        assertEquals(List.of("a"), messages(get(r -> r.startFromHead(true))));
        assertEquals(2, standIn.calls("GetLogEvents"));

        standIn.failNext("FilterLogEvents", 2, "InvalidParameterException");
        CloudWatchLogsClient raw = client(false);
        raw.describeLogStreams(r -> r.logGroupName(GROUP));
        assertThrows(InvalidParameterException.class, () -> raw.filterLogEvents(r -> r.logGroupName(GROUP)));
        assertThrows(InvalidParameterException.class, () -> raw.filterLogEvents(r -> r.logGroupName(GROUP)));
        assertEquals(1, raw.filterLogEvents(r -> r.logGroupName(GROUP)).events().size());
    }

    @Test
    void lateEventBecomesReadableFromTheTokenHandedOutWhileItWasHidden() {
        standIn.putEvents(GROUP, STREAM, List.of("early"), 1000L, 0L);
        standIn.visibilityDelay(Duration.ofSeconds(5));
        standIn.putEvents(GROUP, STREAM, List.of("late"), 1001L, 0L);
        standIn.visibilityDelay(Duration.ZERO);
        // Put after the late one and visible at once, but held back behind it: readable prefix only.
        standIn.putEvents(GROUP, STREAM, List.of("after"), 1002L, 0L);

        GetLogEventsResponse first = get(r -> r.startFromHead(true));
        assertEquals(List.of("early"), messages(first));
        GetLogEventsResponse stillHidden = get(r -> r.startFromHead(true).nextToken(first.nextForwardToken()));
        assertTrue(stillHidden.events().isEmpty());
        assertEquals(first.nextForwardToken(), stillHidden.nextForwardToken());
        assertEquals(List.of("early"), logs.filterLogEvents(r -> r.logGroupName(GROUP)).events().stream()
                .map(FilteredLogEvent::message).toList());

        now.addAndGet(5_000);

        GetLogEventsResponse shown = get(r -> r.startFromHead(true).nextToken(stillHidden.nextForwardToken()));
        assertEquals(List.of("late", "after"), messages(shown));
        assertEquals(now.get() - 5_000, shown.events().get(0).ingestionTime());
    }

    @Test
    void expiredTokensAreInvalidParameterAndFreshOnesWork() {
        standIn.putEvents(GROUP, STREAM, List.of("a", "b", "c"), 1000L, 1L);
        standIn.putEvents(GROUP, "other", List.of("x"), 1000L, 1L);
        String getToken = get(r -> r.startFromHead(true).limit(1)).nextForwardToken();
        String describeToken = logs.describeLogStreams(r -> r.logGroupName(GROUP).limit(1)).nextToken();
        String filterToken = logs.filterLogEvents(r -> r.logGroupName(GROUP).limit(1)).nextToken();

        standIn.expireTokens();

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> get(r -> r.startFromHead(true).nextToken(getToken)));
        assertEquals("The specified nextToken is invalid.", e.awsErrorDetails().errorMessage());
        assertThrows(InvalidParameterException.class,
                () -> logs.describeLogStreams(r -> r.logGroupName(GROUP).nextToken(describeToken)));
        assertThrows(InvalidParameterException.class,
                () -> logs.filterLogEvents(r -> r.logGroupName(GROUP).nextToken(filterToken)));
        assertThrows(InvalidParameterException.class,
                () -> get(r -> r.startFromHead(true).nextToken("f/not-a-token")));

        GetLogEventsResponse restart = get(r -> r.startFromHead(true).limit(1));
        assertNotEquals(getToken, restart.nextForwardToken());
        assertEquals(List.of("b"), messages(get(r -> r.startFromHead(true).limit(1).nextToken(restart.nextForwardToken()))));
    }

    @Test
    void callsAreCountedPerOperationAndPerSecond() {
        standIn.createGroupAndStream(GROUP, STREAM);
        now.set(1_700_000_000_500L);
        for (int i = 0; i < 3; i++) {
            get(r -> r.startFromHead(true));
        }
        now.addAndGet(600);
        get(r -> r.startFromHead(true));
        logs.describeLogStreams(r -> r.logGroupName(GROUP));
        now.addAndGet(1_000);
        get(r -> r.startFromHead(true));

        assertEquals(Map.of(1_700_000_000L, 3, 1_700_000_001L, 1, 1_700_000_002L, 1),
                standIn.callsPerSecond("GetLogEvents"));
        assertEquals(Map.of(1_700_000_000L, 3, 1_700_000_001L, 2, 1_700_000_002L, 1),
                standIn.callsPerSecond(CloudWatchStandIn.ANY_OPERATION));
        // Buckets show at most 3 in a second; a sliding window catches the 4 within 600 ms.
        assertEquals(4, standIn.maxCallsInWindow("GetLogEvents", Duration.ofSeconds(1)));
        assertEquals(5, standIn.calls("GetLogEvents"));
        assertEquals(1, standIn.calls("DescribeLogStreams"));
        assertEquals(6, standIn.callsTotal());

        standIn.resetCounts();
        assertEquals(0, standIn.callsTotal());
        assertTrue(standIn.callsPerSecond("GetLogEvents").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void delayedAnswersArriveNoSoonerThanTheDelay(boolean fault) {
        standIn.createGroupAndStream(GROUP, STREAM);
        standIn.delay(Duration.ofMillis(200));
        if (fault) {
            standIn.throttleShare(1.0);
        }
        CloudWatchLogsClient raw = client(false);

        long start = System.nanoTime();
        try {
            raw.getLogEvents(r -> r.logGroupName(GROUP).logStreamName(STREAM));
            assertFalse(fault);
        } catch (CloudWatchLogsException e) {
            assertTrue(fault);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis >= 200 && tookMillis < 10_000, "took " + tookMillis + " ms");
    }
}
