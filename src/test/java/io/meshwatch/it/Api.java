package io.meshwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** A real HTTP client for the ITs, with JSON helpers. */
public final class Api {

    public static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Api(URL base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    public URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
    }

    public HttpResponse<String> postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("HTTP " + request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static JsonStructure json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.read();
        }
    }

    public static JsonObject object(HttpResponse<String> response) {
        return object(response.body());
    }

    public static JsonObject object(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** Asserts the status and returns the JSON object body. */
    public static JsonObject expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), () -> "status of " + response.request().method() + " "
                + response.request().uri() + ", body: " + abbreviated(response.body()));
        return object(response);
    }

    public long createProject(String name) {
        return expect(201, postJson("api/projects", Json.createObjectBuilder().add("name", name).build().toString()))
                .getJsonNumber("id").longValue();
    }

    /** Starts a local job whose test script is named by the strategy; returns its job id. */
    public String startLocal(long projectId, String script) {
        String body = Json.createObjectBuilder().add("backend", "local").add("strategy", script).build().toString();
        return expect(202, postJson("api/projects/" + projectId + "/meshes", body)).getString("job_id");
    }

    /** Completes a Modal job with a signed webhook (the first IT secret), as the worker does; expects 200. */
    public void completeModal(String jobId) {
        byte[] body = ("{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"success\":true}}")
                .getBytes(StandardCharsets.UTF_8);
        expect(200, send(HttpRequest.newBuilder(uri("api/webhooks/modal"))
                .header("Content-Type", "application/json")
                .header("X-Modal-Signature", io.meshwatch.webhook.control.WebhookSigner.modalSignature(WebhookIT.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
    }

    /** Waits (bounded) until the job reaches a state the predicate accepts, and returns it. */
    public JsonObject awaitJob(String jobId, Predicate<JsonObject> done) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonObject job;
        do {
            job = expect(200, get("api/jobs/" + jobId));
            if (done.test(job)) {
                return job;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return fail("Job " + jobId + " did not get there in " + JOB_TIMEOUT + "; last: " + job);
    }

    public JsonObject awaitEnd(String jobId) {
        return awaitJob(jobId, job -> job.getString("status").equals("COMPLETED")
                || job.getString("status").equals("FAILED"));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String abbreviated(String text) {
        return text == null || text.length() < 500 ? text : text.substring(0, 500) + "...";
    }
}
