package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.cloudwatch.CloudWatchStandIn;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Modal jobs' logs tailed from a CloudWatch Logs stand-in through the real AWS
 * SDK (AWS_ENDPOINT_URL points the server at it), watched over real WebSockets,
 * completed by signed webhooks.
 */
class CloudWatchTailIT extends ContainerTest {

    static final int CW_PORT = Integer.getInteger("meshwatch.it.cloudwatch.port", 18732);
    static ModalStandIn modal;
    static CloudWatchStandIn cloudWatch;

    @BeforeAll
    static void standIns() throws Exception {
        modal = new ModalStandIn();
        cloudWatch = new CloudWatchStandIn(CW_PORT);
    }

    @AfterAll
    static void stopStandIns() {
        modal.close();
        cloudWatch.close();
    }

    final List<WsClient> clients = new ArrayList<>();

    /** A registered client, closed after the test whatever happens, so a failure never leaks a tail. */
    WsClient connect(long project) throws InterruptedException {
        WsClient client = WsClient.connect(base, project).registered();
        clients.add(client);
        return client;
    }

    @AfterEach
    void cleanUp() {
        cloudWatch.throttleShare(0);
        cloudWatch.serverErrorShare(0);
        cloudWatch.visibilityDelay(Duration.ZERO);
        for (WsClient client : clients) {
            try {
                client.abort();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    String startModal(long project) {
        String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"))
                .getString("job_id");
        api.awaitJob(jobId, job -> job.getString("status").equals("RUNNING"));
        return jobId;
    }

    void complete(String jobId) {
        api.completeModal(jobId);
    }

    /** Writes {@code perStream} lines to each stream, interleaved in time, in chunks as a worker would. */
    static Map<String, List<String>> write(String jobId, List<String> streams, int perStream, int chunks) {
        return write(jobId, streams, perStream, chunks, System.currentTimeMillis() - 60_000);
    }

    static Map<String, List<String>> write(String jobId, List<String> streams, int perStream, int chunks,
                                           long start) {
        Map<String, List<String>> written = new HashMap<>();
        int perChunk = perStream / chunks;
        for (int chunk = 0; chunk < chunks; chunk++) {
            for (int s = 0; s < streams.size(); s++) {
                List<String> messages = new ArrayList<>();
                for (int i = 0; i < perChunk; i++) {
                    int n = chunk * perChunk + i;
                    messages.add(streams.get(s) + " line " + n);
                }
                long first = start + (long) (chunk * perChunk) * streams.size() + s;
                cloudWatch.putEvents("/modal/jobs/" + jobId, streams.get(s), messages, first, streams.size());
                written.computeIfAbsent(streams.get(s), k -> new ArrayList<>()).addAll(messages);
            }
        }
        return written;
    }

    static List<String> streamsOf(String jobId) {
        return List.of("job-" + jobId, "worker-a", "worker-b");
    }

    /** Every written line arrived once, each stream in its order, seqs 1..N without gap. */
    static void assertDelivered(WsClient client, String jobId, Map<String, List<String>> written, long lastSeq) {
        List<JsonObject> lines = client.lines(jobId);
        assertEquals(LongStream.rangeClosed(1, lastSeq).boxed().toList(),
                lines.stream().map(l -> l.getJsonNumber("seq").longValue()).toList());
        for (Map.Entry<String, List<String>> stream : written.entrySet()) {
            List<String> got = lines.stream().filter(l -> l.getString("stream").equals(stream.getKey()))
                    .map(l -> l.getString("text")).toList();
            assertEquals(stream.getValue(), got, stream.getKey());
        }
    }

    @Test
    void threeStreamsArriveOnceMergedThenCompletionAndLogEnd() throws Exception {
        long project = api.createProject("tail three streams");
        String jobId = startModal(project);
        WsClient client = connect(project);
        client.subscribe(jobId, 0);
        client.awaitEvent("subscribed", jobId);
        Map<String, List<String>> written = write(jobId, streamsOf(jobId), 1000, 10);
        client.awaitSeq(jobId, 3000);
        complete(jobId);
        client.awaitEvent("job_completed", jobId);
        long last = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq").longValue();
        assertEquals(3000, last);
        assertDelivered(client, jobId, written, last);
        client.close();
    }

    @Test
    void throttlingAndServerErrorsLoseAndDoubleNothing() throws Exception {
        cloudWatch.throttleShare(0.3);
        cloudWatch.serverErrorShare(0.05);
        long project = api.createProject("tail under faults");
        String jobId = startModal(project);
        WsClient client = connect(project);
        client.subscribe(jobId, 0);
        Map<String, List<String>> written = write(jobId, streamsOf(jobId), 1000, 10);
        client.awaitSeq(jobId, 3000);
        complete(jobId);
        long last = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq").longValue();
        assertEquals(3000, last);
        assertDelivered(client, jobId, written, last);
        assertTrue(number(cloudWatchData(), "throttled") > 0, "the tail saw throttling: " + cloudWatchData());
        client.close();
    }

    @Test
    void aStoppedTailResumesFromItsStoredPositions() throws Exception {
        long project = api.createProject("tail resume");
        String jobId = startModal(project);
        List<String> streams = streamsOf(jobId);
        WsClient first = connect(project);
        first.subscribe(jobId, 0);
        Map<String, List<String>> written = new HashMap<>(write(jobId, streams, 300, 3));
        first.awaitSeq(jobId, 900);
        first.close();
        // Nobody watches: the tail stops. More is written meanwhile, later in time, as a worker would.
        awaitNoTail();
        Map<String, List<String>> more = write(jobId, streams, 300, 3, System.currentTimeMillis() - 30_000);
        more.forEach((stream, lines) -> written.get(stream).addAll(lines));
        cloudWatch.expireTokens();
        WsClient second = connect(project);
        second.subscribe(jobId, 0);
        second.awaitSeq(jobId, 1800);
        complete(jobId);
        long last = second.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq").longValue();
        assertEquals(1800, last);
        assertDelivered(second, jobId, written, last);
        second.close();
    }

    @Test
    void lateEventsArriveBeforeLogEnd() throws Exception {
        long project = api.createProject("tail late events");
        String jobId = startModal(project);
        WsClient client = connect(project);
        client.subscribe(jobId, 0);
        Map<String, List<String>> written = new HashMap<>(write(jobId, List.of("job-" + jobId), 100, 1));
        client.awaitSeq(jobId, 100);
        cloudWatch.visibilityDelay(Duration.ofSeconds(5));
        List<String> late = List.of("late line 1", "late line 2", "late line 3");
        cloudWatch.putEvents("/modal/jobs/" + jobId, "job-" + jobId, late, System.currentTimeMillis(), 1);
        written.get("job-" + jobId).addAll(late);
        complete(jobId);
        long last = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq").longValue();
        assertEquals(103, last);
        assertDelivered(client, jobId, written, last);
        client.close();
    }

    @Test
    void twoSubscribersShareOneTailWhichStopsWhenBothLeaveAfterTheJobEnded() throws Exception {
        long project = api.createProject("tail shared");
        String jobId = startModal(project);
        WsClient one = connect(project);
        WsClient two = connect(project);
        one.subscribe(jobId, 0);
        two.subscribe(jobId, 0);
        one.awaitEvent("subscribed", jobId);
        two.awaitEvent("subscribed", jobId);
        assertEquals(1, number(cloudWatchData(), "active_tails"));
        long before = cloudWatch.calls("GetLogEvents");
        long startNanos = System.nanoTime();
        write(jobId, List.of("job-" + jobId), 200, 2);
        one.awaitSeq(jobId, 200);
        two.awaitSeq(jobId, 200);
        complete(jobId);
        one.awaitEvent("log_end", jobId);
        two.awaitEvent("log_end", jobId);
        one.close();
        two.close();
        awaitNoTail();
        // One tail polls one stream at most twice a second while lines come, then backs off.
        long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        assertTrue(cloudWatch.calls("GetLogEvents") - before <= 3 * seconds + 5,
                "GetLogEvents calls " + (cloudWatch.calls("GetLogEvents") - before) + " in " + seconds + " s");
    }

    @Test
    void fortyActiveJobsStayWithinFiveCallsASecondAndAllLinesArrive() throws Exception {
        long project = api.createProject("tail budget");
        List<String> jobIds = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            jobIds.add(startModal(project));
        }
        cloudWatch.resetCounts();
        for (String jobId : jobIds) {
            WsClient client = connect(project);
            client.subscribe(jobId, 0);
            clients.add(client);
            write(jobId, List.of("job-" + jobId), 20, 1);
        }
        for (int i = 0; i < jobIds.size(); i++) {
            clients.get(i).awaitSeq(jobIds.get(i), 20);
        }
        int worst = cloudWatch.maxCallsInWindow(CloudWatchStandIn.ANY_OPERATION, Duration.ofSeconds(1));
        // Tokens allow 1 + 5 calls in any second (CallBudgetTest); counted here on arrival, one
        // more for a call held up between taking its token and reaching the stand-in.
        assertTrue(worst <= 7, "at most 1 + 5 calls in any second (+1 for transit), saw " + worst);
        clients.forEach(WsClient::close);
    }

    private JsonObject cloudWatchData() {
        JsonObject health = Api.object(new Api(ProjectsIT.rootOf(base)).get("health/live"));
        return health.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("cloudwatch-tail")).findFirst().orElseThrow()
                .getJsonObject("data");
    }

    private static long number(JsonObject data, String name) {
        return Long.parseLong(data.get(name).toString().replace("\"", ""));
    }

    private void awaitNoTail() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (number(cloudWatchData(), "active_tails") != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("A tail is still running: " + cloudWatchData());
            }
            Thread.sleep(100);
        }
    }
}
