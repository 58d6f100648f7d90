package io.meshwatch.modal.control;

import io.meshwatch.job.control.Geometry;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.control.LogProducers;
import io.meshwatch.logstream.entity.LogEnded;
import io.meshwatch.platform.JsonText;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Launches a Modal job in the background once its row (and id) exist: POSTs
 * the job to the worker's web endpoint and stores the call id it answers. 5xx
 * answers and timeouts are retried with backoff; a refused connection, a 4xx
 * or the last failure fails the job with a clear error, never leaving it QUEUED.
 */
@ApplicationScoped
public class ModalLauncher {

    private static final Logger LOG = Logger.getLogger(ModalLauncher.class.getName());
    static final int ATTEMPTS = 4;

    @Inject
    @ConfigProperty(name = "modal.launch.url")
    Optional<String> launchUrl;

    @Inject
    @ConfigProperty(name = "modal.token.id")
    Optional<String> tokenId;

    @Inject
    @ConfigProperty(name = "modal.token.secret")
    Optional<String> tokenSecret;

    @Inject
    @ConfigProperty(name = "meshwatch.public.url", defaultValue = "http://localhost:8080")
    String publicUrl;

    @Inject
    @ConfigProperty(name = "aws.region", defaultValue = "us-west-1")
    String awsRegion;

    @Inject
    @ConfigProperty(name = "meshwatch.modal.launch-timeout", defaultValue = "PT30S")
    Duration timeout;

    @Inject
    JobStore jobs;

    @Inject
    Event<JobFinished> finished;

    @Inject
    Event<LogEnded> logEnded;

    @Inject
    LogProducers producers;

    @Resource
    ManagedExecutorService executor;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    void onQueued(@Observes JobQueued job) {
        if (job.backend() == Backend.MODAL) {
            executor.execute(() -> launch(job));
        }
    }

    void launch(JobQueued job) {
        try {
            String callId = post(request(job));
            if (!jobs.markLaunched(job.jobId(), callId)) {
                LOG.info(() -> "Modal job " + job.jobId() + " ended before its launch answered");
            }
        } catch (LaunchFailed e) {
            fail(job, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Launching " + job.jobId() + " failed inside Meshwatch", e);
            fail(job, "Launching on Modal failed inside Meshwatch: " + e);
        }
    }

    /** The launch request, as docs/WORKER.md documents it. */
    JsonObject request(JobQueued job) {
        JsonObject params = JsonText.value(job.params()).asJsonObject();
        Geometry geometry = Geometry.of(params);
        return Json.createObjectBuilder()
                .add("job_id", job.jobId())
                .add("project_id", job.projectId())
                .add("strategy", job.strategy())
                .add("params", params)
                .add("geometry", Json.createObjectBuilder().add("name", geometry.name()).add("geo", geometry.geoText()))
                .add("callback_url", stripSlash(publicUrl) + "/api/webhooks/modal")
                .add("log_group", "/modal/jobs/" + job.jobId())
                .add("log_stream", "job-" + job.jobId())
                .add("aws_region", awsRegion)
                .build();
    }

    private String post(JsonObject body) throws LaunchFailed {
        String url = launchUrl.filter(u -> !u.isBlank())
                .orElseThrow(() -> new LaunchFailed("MODAL_LAUNCH_URL is not set"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        tokenId.filter(t -> !t.isBlank()).ifPresent(t -> request.header("Modal-Key", t));
        tokenSecret.filter(t -> !t.isBlank()).ifPresent(t -> request.header("Modal-Secret", t));
        String last = "no attempt";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status >= 200 && status < 300) {
                    return callId(answer.body());
                }
                if (status < 500) {
                    throw new LaunchFailed("Modal refused the launch with HTTP " + status);
                }
                last = "HTTP " + status;
            } catch (HttpTimeoutException e) {
                last = "no answer within " + timeout;
            } catch (IOException e) {
                throw new LaunchFailed("Could not reach Modal at MODAL_LAUNCH_URL: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailed("Interrupted while launching");
            }
            if (attempt < ATTEMPTS) {
                backoff(attempt);
            }
        }
        throw new LaunchFailed("Modal did not accept the launch after " + ATTEMPTS + " attempts (last: " + last + ")");
    }

    private static String callId(String body) throws LaunchFailed {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue id = reader.readObject().get("call_id");
            if (id != null && id.getValueType() == JsonValue.ValueType.STRING) {
                return ((JsonString) id).getString();
            }
        } catch (RuntimeException e) {
            // answered below
        }
        throw new LaunchFailed("Modal's launch answer has no call_id");
    }

    private static void backoff(int attempt) throws LaunchFailed {
        long base = 500L << (attempt - 1);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailed("Interrupted while launching");
        }
    }

    private void fail(JobQueued job, String error) {
        LOG.warning(() -> "Modal job " + job.jobId() + " failed to launch: " + error);
        try {
            jobs.finish(job.jobId(), JobStore.Outcome.failed(error, null)).ifPresent(event -> {
                finished.fire(event);
                // A watcher's tail sends log_end after settling; without one, say it here.
                if (!producers.isActive(job.jobId())) {
                    long lastSeq = jobs.findByJobId(job.jobId()).map(MeshResult::getLastSeq).orElse(0L);
                    logEnded.fire(new LogEnded(job.jobId(), job.projectId(), lastSeq));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the failed launch of " + job.jobId(), e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static final class LaunchFailed extends Exception {
        private static final long serialVersionUID = 1L;

        LaunchFailed(String message) {
            super(message);
        }
    }
}
