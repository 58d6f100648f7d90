package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The WebSocket push with real clients on a real server: fan-out, resume, seams, slow clients, bad input. */
class LogStreamIT extends ContainerTest {

    @Test
    void fiftyWatchersGetEveryLineOnceInOrderAndAnotherProjectGetsNothing() throws Exception {
        long project = api.createProject("fan-out");
        long other = api.createProject("bystander");
        List<WsClient> watchers = new ArrayList<>();
        List<WsClient> bystanders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            watchers.add(WsClient.connect(base, project));
        }
        for (int i = 0; i < 5; i++) {
            bystanders.add(WsClient.connect(base, other).registered());
        }
        String jobId = api.startLocal(project, "stream5000");
        watchers.forEach(client -> client.subscribe(jobId, 0));

        for (WsClient client : watchers) {
            JsonObject end = client.awaitEvent("log_end", jobId);
            client.awaitEvent("job_completed", jobId);
            long last = end.getJsonObject("data").getJsonNumber("last_seq").longValue();
            assertEquals(5001, last, "5,000 lines and the exit line");
            assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), client.seqs(jobId));
        }
        JsonObject job = expect(200, api.get("api/jobs/" + jobId));
        assertEquals("COMPLETED", job.getString("status"));
        // The bystanders' room saw nothing of it (their one frame answers the registration check).
        for (WsClient client : bystanders) {
            assertEquals(1, client.frames().size(), () -> client.frames().toString());
        }
        // On Payara every session gets the shared pre-framed bytes, not a per-session encoding.
        assertEquals(55, number(livePush(), "raw_frame_sessions"), livePush().toString());
        watchers.forEach(WsClient::close);
        bystanders.forEach(WsClient::close);
        awaitRegistryEmpty();
    }

    @Test
    void everyLineArrivesOverTheSocketAsStoredWhateverItsSizeOrCharacters() throws Exception {
        long project = api.createProject("hostile over the wire");
        String jobId = api.startLocal(project, "hostile");
        WsClient client = WsClient.connect(base, project);
        client.subscribe(jobId, 0);
        client.awaitEvent("log_end", jobId);
        List<JsonObject> stored = Api.object(api.get("api/jobs/" + jobId + "/log?after=0&limit=100"))
                .getJsonArray("lines").getValuesAs(JsonObject.class);
        List<JsonObject> received = client.lines(jobId);
        assertEquals(stored.size(), received.size());
        for (int i = 0; i < stored.size(); i++) {
            // The first line is 65,536 characters and a marker: a frame past the 16-bit length.
            assertEquals(stored.get(i).getString("text"), received.get(i).getString("text"), "line " + (i + 1));
            assertEquals(stored.get(i).getJsonNumber("seq").longValue(),
                    received.get(i).getJsonNumber("seq").longValue());
        }
        client.close();
    }

    @Test
    void aClientThatReconnectsWithAfterSeqHasEachLineExactlyOnce() throws Exception {
        long project = api.createProject("reconnect");
        String jobId = api.startLocal(project, "stream5000");
        WsClient first = WsClient.connect(base, project);
        first.subscribe(jobId, 0);
        first.awaitSeq(jobId, 1000);
        first.abort();
        List<Long> before = first.seqs(jobId);
        long lastShown = before.get(before.size() - 1);

        WsClient second = WsClient.connect(base, project);
        second.subscribe(jobId, lastShown);
        JsonObject end = second.awaitEvent("log_end", jobId);
        List<Long> all = new ArrayList<>(before);
        all.addAll(second.seqs(jobId));
        long last = end.getJsonObject("data").getJsonNumber("last_seq").longValue();
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), all);
        second.close();
    }

    @Test
    void subscribingMidJobJoinsCatchUpAndLiveWithoutGapOrDouble() throws Exception {
        long project = api.createProject("seams");
        String jobId = api.startLocal(project, "stream20000");
        List<WsClient> late = new ArrayList<>();
        WsClient pacer = WsClient.connect(base, project);
        pacer.subscribe(jobId, 0);
        // Thirty clients join at thirty points of the run, each at a different seam.
        for (int i = 1; i <= 30; i++) {
            pacer.awaitSeq(jobId, i * 600L);
            WsClient client = WsClient.connect(base, project);
            client.subscribe(jobId, 0);
            late.add(client);
        }
        late.add(pacer);
        for (WsClient client : late) {
            long last = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq").longValue();
            assertEquals(20_001, last);
            List<Long> seqs = client.seqs(jobId);
            assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), seqs);
        }
        late.forEach(WsClient::close);
    }

    @Test
    void aClientThatStopsReadingIsClosedAndTheOthersGetEverything() throws Exception {
        long project = api.createProject("slow consumer");
        String jobId = api.startLocal(project, "burst");
        List<WsClient> healthy = new ArrayList<>();
        try (StalledWebSocket stalled = new StalledWebSocket(WsClient.uri(base, String.valueOf(project)))) {
            stalled.sendText("{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"" + jobId + "\",\"after_seq\":0}}");
            for (int i = 0; i < 5; i++) {
                WsClient client = WsClient.connect(base, project);
                client.subscribe(jobId, 0);
                healthy.add(client);
            }
            for (WsClient client : healthy) {
                long last = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq")
                        .longValue();
                assertEquals(100_001, last);
                assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), client.seqs(jobId));
            }
            int code = stalled.readUntilClosed();
            assertTrue(code == 1013 || code == -1, "closed by the server, code " + code);
        }
        JsonObject push = livePush();
        assertTrue(number(push, "slow_sessions_closed") >= 1, push.toString());
        healthy.forEach(WsClient::close);
    }

    @Test
    void aForeignOriginIsRefusedWith403AndTheSameOriginIsLetIn() throws Exception {
        long project = api.createProject("origins");
        CompletionException refused = assertThrows(CompletionException.class,
                () -> WsClient.connect(base, String.valueOf(project), "http://evil.example"));
        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertEquals(403, handshake.getResponse().statusCode());

        String sameOrigin = "http://" + base.getHost() + ":" + base.getPort();
        WsClient client = WsClient.connect(base, String.valueOf(project), sameOrigin);
        String jobId = api.startLocal(project, "print500");
        client.subscribe(jobId, 0);
        client.awaitEvent("log_end", jobId);
        client.close();
    }

    @Test
    void badFramesUnknownJobsAndUnknownProjectsGetTheirDocumentedAnswers() throws Exception {
        long project = api.createProject("bad frames");
        long other = api.createProject("someone else's");
        String othersJob = api.startLocal(other, "print500");
        WsClient client = WsClient.connect(base, project);

        String[][] cases = {
            {"not json", "bad_frame"},
            {"[1,2]", "bad_frame"},
            {"{\"event\":42,\"data\":{}}", "bad_frame"},
            {"{\"event\":\"subscribe_logs\"}", "bad_frame"},
            {"{\"event\":\"subscribe_logs\",\"data\":{}}", "bad_frame"},
            {"{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"x\",\"after_seq\":-1}}", "bad_frame"},
            {"{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"x\",\"after_seq\":1.5}}", "bad_frame"},
            {"{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"x\",\"after_seq\":1e40}}", "bad_frame"},
            {"{\"event\":\"drop_tables\",\"data\":{}}", "unknown_event"},
            {"{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"local-999999999\"}}", "unknown_job"},
            {"{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"" + othersJob + "\"}}", "unknown_job"},
        };
        for (String[] c : cases) {
            int before = client.frames().size();
            client.send(c[0]);
            JsonObject error = client.awaitFrom(before, f -> f.getString("event").equals("error"));
            assertEquals(c[1], error.getJsonObject("data").getString("code"), c[0]);
        }
        // The session is still healthy: a good subscription works.
        String jobId = api.startLocal(project, "print500");
        client.subscribe(jobId, 0);
        assertEquals(511, client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq")
                .longValue());

        // A frame over the limit closes the session with 1009.
        client.send("{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"" + "x".repeat(40_000) + "\"}}");
        assertEquals(1009, client.closeCode.get(30, TimeUnit.SECONDS));

        WsClient nowhere = WsClient.connect(base, "999999999", null);
        assertEquals(1008, nowhere.closeCode.get(30, TimeUnit.SECONDS));
        assertEquals("unknown_project", nowhere.frames().get(0).getJsonObject("data").getString("code"));
        WsClient junk = WsClient.connect(base, "not-a-number", null);
        assertEquals(1008, junk.closeCode.get(30, TimeUnit.SECONDS));
    }

    @Test
    void everyoneInTheRoomHearsAboutAFinishedJobWithoutSubscribing() throws Exception {
        long project = api.createProject("room events");
        WsClient idle = WsClient.connect(base, project).registered();
        String failing = api.startLocal(project, "exit3");
        JsonObject failed = idle.awaitEvent("job_failed", failing).getJsonObject("data");
        assertEquals(project, failed.getJsonNumber("project_id").longValue());
        assertTrue(failed.getString("error").contains("code 3"));
        String passing = api.startLocal(project, "print500");
        JsonObject done = idle.awaitEvent("job_completed", passing).getJsonObject("data");
        assertTrue(done.getJsonObject("result").getBoolean("success"));
        assertTrue(idle.seqs(passing).isEmpty(), "no lines without a subscription");
        idle.close();
    }

    private JsonObject livePush() {
        Api server = new Api(ProjectsIT.rootOf(base));
        JsonObject health = Api.object(server.get("health/live"));
        return health.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("live-push")).findFirst().orElseThrow()
                .getJsonObject("data");
    }

    /** Health data values arrive as JSON strings or numbers depending on the server. */
    private static long number(JsonObject data, String name) {
        return Long.parseLong(data.get(name).toString().replace("\"", ""));
    }

    private void awaitRegistryEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject push;
        do {
            push = livePush();
            if (number(push, "sessions") == 0 && number(push, "watched_jobs") == 0
                    && number(push, "watched_producers") == 0 && number(push, "active_producers") == 0) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The push still holds something after every client left: " + push);
    }

}
