package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.webhook.control.WebhookSigner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signed completion webhook over real HTTP, with Modal jobs launched
 * against a local stand-in. The build configures two secrets (rotation), trusts
 * 127.0.0.1 as a proxy, and allows 127.0.0.0/8 and 203.0.113.0/24.
 */
class WebhookIT extends ContainerTest {

    static final String SECRET = "it-secret-one";
    static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static ModalStandIn modal;

    @BeforeAll
    static void standIn() throws Exception {
        modal = new ModalStandIn();
    }

    @AfterAll
    static void stopStandIn() {
        modal.close();
    }

    String startModal(long project) {
        String body = "{\"backend\":\"modal\",\"strategy\":\"tetrahedral\",\"params\":{\"geometry\":\"bracket\"}}";
        String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", body)).getString("job_id");
        assertTrue(jobId.matches("modal-[0-9a-f-]{36}"), jobId);
        api.awaitJob(jobId, job -> job.getString("status").equals("RUNNING"));
        return jobId;
    }

    static byte[] completed(String jobId) {
        return ("{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"success\":true,"
                + "\"s3_output_path\":\"s3://bucket/project/mesh.msh\",\"strategy\":\"tetrahedral\","
                + "\"quality_metrics\":{\"min_jacobian\":0.41,\"elements\":182344},\"extra_field\":\"kept\"},"
                + "\"error\":null,\"duration_s\":12}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] failed(String jobId) {
        return ("{\"job_id\":\"" + jobId + "\",\"status\":\"failed\",\"result\":null,\"error\":\"gmsh crashed\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<String> deliver(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("api/webhooks/modal"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> all = new HashMap<>(Map.of("Content-Type", "application/json"));
        all.putAll(headers);
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return api.send(request.build());
    }

    HttpResponse<String> deliverSigned(byte[] body) {
        return deliver(body, Map.of("X-Modal-Signature", WebhookSigner.modalSignature(SECRET, body)));
    }

    @Test
    void launchCarriesEveryDocumentedFieldAndStoresTheCallId() {
        long project = api.createProject("launch");
        String jobId = startModal(project);
        JsonObject launch = modal.launchOf(jobId).body();
        assertEquals(project, launch.getJsonNumber("project_id").longValue());
        assertEquals("tetrahedral", launch.getString("strategy"));
        assertEquals("bracket", launch.getJsonObject("params").getString("geometry"));
        assertTrue(launch.getJsonObject("geometry").getString("geo").contains("Box"));
        assertTrue(launch.getString("callback_url").endsWith("/api/webhooks/modal"));
        assertEquals("/modal/jobs/" + jobId, launch.getString("log_group"));
        assertEquals("job-" + jobId, launch.getString("log_stream"));
        assertEquals("us-west-1", launch.getString("aws_region"));
        assertEquals(List.of("it-token-id"), modal.launchOf(jobId).headers().get("Modal-key"));
        assertEquals(List.of("it-token-secret"), modal.launchOf(jobId).headers().get("Modal-secret"));
        assertTrue(expect(200, api.get("api/jobs/" + jobId)).getString("call_id").startsWith("fc-standin-"));
    }

    String startModalQueued(long project) {
        return expect(202, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"))
                .getString("job_id");
    }

    @Test
    void aRefusedLaunchFailsTheJobAndTellsTheRoom() throws Exception {
        long project = api.createProject("launch refused");
        WsClient room = WsClient.connect(base, project).registered();
        modal.stop();
        String jobId;
        try {
            jobId = startModalQueued(project);
            JsonObject failed = room.awaitEvent("job_failed", jobId).getJsonObject("data");
            assertTrue(failed.getString("error").contains("Could not reach Modal"), failed.toString());
        } finally {
            modal.start();
        }
        assertEquals("FAILED", expect(200, api.get("api/jobs/" + jobId)).getString("status"));
        room.close();
    }

    @Test
    void a401FailsTheJobAtOnceAndA500ThenSuccessIsRetried() {
        long project = api.createProject("launch answers");
        modal.script(401);
        String refused = startModalQueued(project);
        JsonObject job = api.awaitEnd(refused);
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").contains("HTTP 401"), job.toString());
        assertEquals(1, modal.launchesOf(refused), "a 4xx is not retried");

        modal.script(500);
        String retried = startModalQueued(project);
        JsonObject running = api.awaitJob(retried, j -> !j.getString("status").equals("QUEUED"));
        assertEquals("RUNNING", running.getString("status"), running.toString());
        assertEquals(2, modal.launchesOf(retried));
        assertTrue(running.getString("call_id").startsWith("fc-standin-"));
    }

    @Test
    void aLaunchThatNeverAnswersIsRetriedThenFailsTheJob() {
        long project = api.createProject("launch timeout");
        modal.delay(java.time.Duration.ofSeconds(3));
        try {
            String jobId = startModalQueued(project);
            JsonObject job = api.awaitEnd(jobId);
            assertEquals("FAILED", job.getString("status"));
            assertTrue(job.getString("error").contains("after 4 attempts"), job.toString());
            assertEquals(4, modal.launchesOf(jobId));
        } finally {
            modal.delay(java.time.Duration.ZERO);
        }
    }

    @Test
    void aSignedDeliveryCompletesTheJobOnceAndTellsTheRoom() throws Exception {
        long project = api.createProject("completion");
        String jobId = startModal(project);
        WsClient room = WsClient.connect(base, project).registered();

        JsonObject answer = expect(200, deliverSigned(completed(jobId)));
        assertEquals("applied", answer.getString("status"));
        JsonObject job = expect(200, api.get("api/jobs/" + jobId));
        assertEquals("COMPLETED", job.getString("status"));
        assertEquals("s3://bucket/project/mesh.msh", job.getString("output_path"));
        assertEquals(182344, job.getJsonObject("quality_metrics").getInt("elements"));
        assertEquals("kept", job.getJsonObject("result").getString("extra_field"));
        assertEquals(12, job.getJsonObject("result").getInt("duration_s"), "a top-level extra, stored with the result");
        assertEquals("COMPLETED", expect(200, api.get("api/projects/" + project)).getString("status"));
        JsonObject pushed = room.awaitEvent("job_completed", jobId).getJsonObject("data");
        assertEquals(0.41, pushed.getJsonObject("result").getJsonObject("quality_metrics")
                .getJsonNumber("min_jacobian").doubleValue());

        assertEquals("duplicate", expect(200, deliverSigned(completed(jobId))).getString("status"));
        assertEquals(1, countAfterSentinel(room, project, jobId));
        assertEquals(List.of("COMPLETED"), Db.deliveries(jobId));
        assertEquals("COMPLETED", Db.jobStatus(jobId));
        room.close();
    }

    @Test
    void twentyConcurrentCopiesApplyOnce() throws Exception {
        long project = api.createProject("concurrent");
        String jobId = startModal(project);
        WsClient room = WsClient.connect(base, project).registered();
        byte[] body = completed(jobId);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<String> call = () -> {
                start.await();
                return expect(200, deliverSigned(body)).getString("status");
            };
            answers.add(pool.submit(call));
        }
        start.countDown();
        List<String> statuses = new ArrayList<>();
        for (Future<String> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter("applied"::equals).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter("duplicate"::equals).count(), statuses.toString());
        assertEquals(1, countAfterSentinel(room, project, jobId));
        assertEquals(List.of("COMPLETED"), Db.deliveries(jobId));
        assertEquals("COMPLETED", Db.jobStatus(jobId));
        room.close();
    }

    @Test
    void aJobThatFailedCannotBeCompletedLater() throws Exception {
        long project = api.createProject("conflict");
        String jobId = startModal(project);
        assertEquals("applied", expect(200, deliverSigned(failed(jobId))).getString("status"));
        JsonObject conflict = expect(409, deliverSigned(completed(jobId)));
        assertEquals("conflict", conflict.getString("error"));
        JsonObject job = expect(200, api.get("api/jobs/" + jobId));
        assertEquals("FAILED", job.getString("status"));
        assertEquals("gmsh crashed", job.getString("error"));
        assertEquals("FAILED", expect(200, api.get("api/projects/" + project)).getString("status"));
        assertEquals(List.of("FAILED"), Db.deliveries(jobId));
        assertEquals("FAILED", Db.jobStatus(jobId));
    }

    @Test
    void aNulInTheErrorIsStoredReplacedNotA500() throws Exception {
        long project = api.createProject("nul error");
        String jobId = startModal(project);
        byte[] body = ("{\"job_id\":\"" + jobId + "\",\"status\":\"failed\",\"error\":\"bad\\u0000byte\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("applied", expect(200, deliverSigned(body)).getString("status"));
        assertEquals("bad\uFFFDbyte", expect(200, api.get("api/jobs/" + jobId)).getString("error"));
    }

    @Test
    void standardWebhooksWithTheRotatedSecretAndItsIdAsIdempotencyKey() throws Exception {
        long project = api.createProject("standard webhooks");
        String jobId = startModal(project);
        byte[] body = completed(jobId);
        long now = Instant.now().getEpochSecond();
        assertEquals("applied", expect(200, deliver(body,
                WebhookSigner.standardHeaders(WHSEC, "msg_" + jobId, now, body))).getString("status"));
        // A retry re-signs with a new timestamp; its id makes it the same delivery.
        assertEquals("duplicate", expect(200, deliver(body,
                WebhookSigner.standardHeaders(WHSEC, "msg_" + jobId, now + 5, body))).getString("status"));
        assertEquals(List.of("COMPLETED"), Db.deliveries(jobId));
    }

    @Test
    void badSignaturesAre401AndChangeNothing() throws Exception {
        long project = api.createProject("bad signatures");
        String jobId = startModal(project);
        byte[] body = completed(jobId);
        byte[] reserialized = Json.createReader(new java.io.StringReader(new String(body, StandardCharsets.UTF_8)))
                .readObject().toString().replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        String good = WebhookSigner.modalHex(SECRET, body);
        long now = Instant.now().getEpochSecond();
        List<Map<String, String>> refused = List.of(
                Map.of(),
                Map.of("X-Modal-Signature", WebhookSigner.modalSignature("wrong-secret", body)),
                Map.of("X-Modal-Signature", "sha256=" + good.substring(0, 40)),
                Map.of("X-Modal-Signature", "sha256=" + "zz".repeat(32)),
                Map.of("X-Modal-Signature", ""),
                WebhookSigner.standardHeaders(WHSEC, "msg_stale", now - 330, body),
                WebhookSigner.standardHeaders(WHSEC, "msg_future", now + 330, body),
                WebhookSigner.standardHeaders("whsec_" + java.util.Base64.getEncoder().encodeToString(
                        "another secret".getBytes(StandardCharsets.UTF_8)), "msg_wrong", now, body),
                Map.of("webhook-id", "msg_x", "webhook-timestamp", "soon", "webhook-signature", "v1,abc"));
        for (Map<String, String> headers : refused) {
            JsonObject error = expect(401, deliver(body, headers));
            assertEquals("unauthorized", error.getString("error"), headers.toString());
        }
        expect(401, deliver(reserialized, Map.of("X-Modal-Signature", "sha256=" + good)));
        assertEquals("RUNNING", Db.jobStatus(jobId));
        assertTrue(Db.deliveries(jobId).isEmpty());
        // Upper-case hex without the prefix is the same signature.
        assertEquals("applied", expect(200, deliver(body, Map.of("X-Modal-Signature", good.toUpperCase())))
                .getString("status"));
    }

    @Test
    void badInputGetsItsDocumented4xxAndLeavesTheDatabaseUnchanged() throws Exception {
        long project = api.createProject("bad webhook input");
        String jobId = startModal(project);
        String j = "\"job_id\":\"" + jobId + "\"";
        String deep = "{" + j + ",\"status\":\"completed\",\"result\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000)
                + "}}";
        Object[][] cases = {
            {"", 400}, {"   ", 400}, {"{", 400}, {"null", 400}, {"[]", 400}, {"\"text\"", 400}, {"42", 400},
            {"{}", 400}, {"{\"status\":\"completed\"}", 400}, {"{\"job_id\":123,\"status\":\"completed\"}", 400},
            {"{\"job_id\":\"\",\"status\":\"completed\"}", 400}, {"{\"job_id\":\"x\",\"status\":\"completed\"}", 400},
            {"{\"job_id\":\"modal-'; DROP TABLE mesh_result;--\",\"status\":\"completed\"}", 400},
            {"{\"job_id\":\"modal-\u00fc\u00df\u2603\",\"status\":\"completed\"}", 400},
            {"{\"job_id\":\"modal-" + "a".repeat(200) + "\",\"status\":\"completed\"}", 400},
            {"{\"job_id\":1e400,\"status\":\"completed\"}", 400},
            {"{" + j + "}", 400}, {"{" + j + ",\"status\":\"done\"}", 400}, {"{" + j + ",\"status\":1}", 400},
            {"{" + j + ",\"status\":\"COMPLETED\"}", 400}, {"{" + j + ",\"status\":null}", 400},
            {"{" + j + ",\"status\":\"completed\",\"result\":\"ok\"}", 400},
            {"{" + j + ",\"status\":\"completed\",\"result\":[1]}", 400},
            {"{" + j + ",\"status\":\"failed\",\"error\":42}", 400},
            {"{" + j + ",\"status\":\"completed\"} trailing", 400},
            {"{" + j + ",\"status\":\"completed\"", 400},
            {deep, 400},
            {"{\"job_id\":\"modal-00000000-0000-0000-0000-000000000000\",\"status\":\"completed\"}", 404},
            {"{\"job_id\":\"local-999999999\",\"status\":\"failed\",\"error\":\"x\"}", 404},
        };
        for (Object[] c : cases) {
            byte[] body = ((String) c[0]).getBytes(StandardCharsets.UTF_8);
            JsonObject error = expect((int) c[1], deliverSigned(body));
            assertFalse(error.getString("message").isBlank());
        }
        byte[] invalidUtf8 = {'{', '"', 'j', '"', ':', (byte) 0xFF, (byte) 0xFE, '}'};
        expect(400, deliverSigned(invalidUtf8));
        byte[] body = completed(jobId);
        String signature = WebhookSigner.modalSignature(SECRET, body);
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
            expect(415, deliver(body, Map.of("Content-Type", type, "X-Modal-Signature", signature)));
        }
        RawHttp.Answer missingType = RawHttp.post(base, "api/webhooks/modal", null, body,
                Map.of("X-Modal-Signature", signature));
        assertEquals(415, missingType.status(), missingType.toString());
        RawHttp.Answer folded = RawHttp.post(base, "api/webhooks/modal", "application/json", body,
                Map.of("X-Modal-Signature", signature + "\r\n X-Injected: yes"));
        assertTrue(folded.status() >= 400 && folded.status() < 500, folded.toString());
        RawHttp.Answer huge = RawHttp.postPartially(base, "api/webhooks/modal", "application/json", 2 * 1024 * 1024,
                65_536);
        assertEquals(413, huge.status(), huge.toString());

        assertEquals("RUNNING", Db.jobStatus(jobId));
        assertTrue(Db.deliveries(jobId).isEmpty());
        assertEquals("RUNNING", expect(200, api.get("api/jobs/" + jobId)).getString("status"));
    }

    @Test
    void theRateLimitAndTheAllowlistFollowTheTrustedProxy() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        // Through the trusted proxy (127.0.0.1): the source is the forwarded client. Twenty
        // senders at once outrun the refill, so the bucket (100, +50 a second) must empty.
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return deliver(body, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9"));
            }));
        }
        start.countDown();
        int accepted = 0;
        HttpResponse<String> limited = null;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                accepted++;
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        assertTrue(limited != null, "no 429 among 400 calls in " + seconds + " s");
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals("rate_limited", Api.object(limited).getString("error"));
        assertTrue(accepted <= 100 + 50 * seconds + 1, accepted + " accepted in " + seconds + " s");
        // Another forwarded client has its own budget.
        expect(400, deliverSigned(body));
        expect(401, deliver(body, Map.of("X-Forwarded-For", "203.0.113.10")));
        // A forwarded client outside the allowlist is refused.
        expect(403, deliver(body, Map.of("X-Forwarded-For", "192.0.2.1")));

        // From an untrusted peer (127.0.0.2), X-Forwarded-For is ignored: neither the exhausted
        // budget of 203.0.113.9 nor the refused 192.0.2.1 applies to it.
        RawHttp.Answer forgedBudget = RawHttp.postFrom("127.0.0.2", base, "api/webhooks/modal", body,
                Map.of("X-Forwarded-For", "203.0.113.9"));
        assertEquals(401, forgedBudget.status(), forgedBudget.toString());
        RawHttp.Answer forgedBlock = RawHttp.postFrom("127.0.0.2", base, "api/webhooks/modal", body,
                Map.of("X-Forwarded-For", "192.0.2.1"));
        assertEquals(401, forgedBlock.status(), forgedBlock.toString());
    }

    /**
     * Completes a fresh job in the same room as a sentinel; a push arrives in order,
     * so once the sentinel's event is in, every event about jobId is too.
     */
    private long countAfterSentinel(WsClient room, long project, String jobId) throws Exception {
        String sentinel = startModal(project);
        expect(200, deliverSigned(completed(sentinel)));
        room.awaitEvent("job_completed", sentinel);
        return room.frames().stream().filter(f -> f.getString("event").equals("job_completed")
                && jobId.equals(WsClient.jobIdOf(f))).count();
    }
}
