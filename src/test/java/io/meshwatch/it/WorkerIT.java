package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.cloudwatch.CloudWatchStandIn;
import io.meshwatch.worker.PythonProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Modal job end to end with the real worker: the Modal stand-in, on launch, runs the
 * worker's Python code (python3 -m meshwatch_worker.job, the launch body on stdin), which
 * ships its log to the CloudWatch stand-in and calls the webhook signed with the first
 * configured secret; Meshwatch tails the log to a WebSocket client and applies the callback.
 */
class WorkerIT extends ContainerTest {

    static ModalStandIn modal;
    static CloudWatchStandIn cloudWatch;

    @BeforeAll
    static void standIns() throws Exception {
        PythonProcess.requireBoto3();
        modal = new ModalStandIn();
        cloudWatch = new CloudWatchStandIn(CloudWatchTailIT.CW_PORT);
    }

    @AfterAll
    static void stopStandIns() {
        modal.close();
        cloudWatch.close();
    }

    /** Runs the worker as the Modal function would, once {@code start} is open. */
    void worker(JsonObject launch, CountDownLatch start, CompletableFuture<PythonProcess.Result> done) {
        try {
            if (!start.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("The test never let the worker start");
            }
            // The server listens on a port the adapter picked, which MESHWATCH_PUBLIC_URL cannot
            // know in advance: keep the path Meshwatch sent, on the server's real address.
            String callback = launch.getString("callback_url");
            assertTrue(callback.endsWith("/api/webhooks/modal"), callback);
            JsonObject body = Json.createObjectBuilder(launch)
                    .add("callback_url", api.uri("api/webhooks/modal").toString()).build();
            done.complete(PythonProcess.run(PythonProcess.baseDir().resolve("worker"),
                    List.of("-m", "meshwatch_worker.job"), Map.of(
                            "MODAL_WEBHOOK_SECRET", WebhookIT.SECRET,
                            "AWS_ENDPOINT_URL", "http://127.0.0.1:" + CloudWatchTailIT.CW_PORT,
                            "AWS_ACCESS_KEY_ID", "it-access-key",
                            "AWS_SECRET_ACCESS_KEY", "it-secret-key",
                            "MESHWATCH_GMSH", "none",
                            // A few seconds' pace: several one-second batches while the tail reads.
                            "MESHWATCH_REPLAY_SPEED", "4",
                            "MESHWATCH_CALLBACK_MAX_SECONDS", "60",
                            "PYTHONDONTWRITEBYTECODE", "1"),
                    body.toString(), Duration.ofMinutes(3)));
        } catch (Exception | AssertionError e) {
            done.completeExceptionally(e);
        }
    }

    static List<String> recordedLines() throws Exception {
        return Files.readAllLines(PythonProcess.baseDir().resolve("src/main/resources/samples/gmsh-bracket.rec"),
                        StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && line.contains("\t"))
                .map(line -> line.substring(line.indexOf('\t') + 1)).toList();
    }

    @Test
    void theWorkersLinesArriveOnceInOrderThenCompletionWithMetricsAndLogEnd() throws Exception {
        long project = api.createProject("worker end to end");
        WsClient client = WsClient.connect(base, project).registered();
        CountDownLatch subscribed = new CountDownLatch(1);
        CompletableFuture<PythonProcess.Result> run = new CompletableFuture<>();
        modal.onLaunch(launch -> worker(launch, subscribed, run));
        try {
            String body = "{\"backend\":\"modal\",\"strategy\":\"tetrahedral\",\"params\":{\"geometry\":\"bracket\"}}";
            String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", body)).getString("job_id");
            api.awaitJob(jobId, job -> job.getString("status").equals("RUNNING"));
            client.subscribe(jobId, 0);
            client.awaitEvent("subscribed", jobId);
            subscribed.countDown();

            JsonObject completed = client.awaitEvent("job_completed", jobId).getJsonObject("data");
            long lastSeq = client.awaitEvent("log_end", jobId).getJsonObject("data").getJsonNumber("last_seq")
                    .longValue();
            PythonProcess.Result worker = run.get(3, TimeUnit.MINUTES);
            assertEquals(0, worker.exitCode(), worker::all);

            List<String> printed = worker.stdoutLines();
            List<JsonObject> lines = client.lines(jobId);
            assertEquals(printed, lines.stream().map(l -> l.getString("text")).toList(),
                    "every line the worker printed, once, in order");
            assertEquals(LongStream.rangeClosed(1, lastSeq).boxed().toList(),
                    lines.stream().map(l -> l.getJsonNumber("seq").longValue()).toList());
            assertEquals(printed.size(), lastSeq);
            assertTrue(Collections.indexOfSubList(printed, recordedLines()) > 0,
                    "the replayed gmsh log, whole and in order, after the worker's first line");

            JsonObject metrics = completed.getJsonObject("result").getJsonObject("quality_metrics");
            assertEquals(385615, metrics.getInt("elements"));
            assertEquals(66124, metrics.getInt("nodes"));
            assertEquals(0.27354, metrics.getJsonNumber("min_quality").doubleValue());
            assertEquals(10, metrics.getJsonArray("quality_histogram").size());

            JsonObject job = expect(200, api.get("api/jobs/" + jobId));
            assertEquals("COMPLETED", job.getString("status"));
            assertTrue(job.get("quality_metrics").toString().contains("385615"), job.toString());
            client.close();
        } finally {
            modal.onLaunch(null);
            subscribed.countDown();
            try {
                client.abort();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
