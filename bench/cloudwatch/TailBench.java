import io.meshwatch.cloudwatch.CloudWatchStandIn;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CloudWatch tail benchmark: N running Modal jobs each writing lines to its own log
 * group in the CloudWatch stand-in (the test suite's, spoken to by Meshwatch through the
 * real AWS SDK), all watched over Meshwatch's WebSocket. It measures what the shared rate
 * budget costs: API calls per job-minute, the busiest second, and the lag from a line's
 * CloudWatch timestamp (when the job wrote it) to a browser receiving it; and that every
 * line arrived exactly once. Run by bench/cloudwatch/run.sh, which starts Meshwatch with
 * AWS_ENDPOINT_URL at {@code --cw-port} and a Modal launch stand-in.
 *
 * <p>Options: --url http://127.0.0.1:PORT --cw-port P --jobs N --duration S --lines-per-second L
 * --drain-timeout S --out FILE --label NAME.
 */
public class TailBench {

    static final Map<String, String> OPTS = new LinkedHashMap<>();

    static String opt(String name, String def) {
        return OPTS.getOrDefault(name, def);
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One watched job: the seqs and texts it received, and each line's lag. */
    static final class Watched {
        final String jobId;
        final Map<String, Integer> texts = new ConcurrentHashMap<>();
        final AtomicLong received = new AtomicLong();

        Watched(String jobId) {
            this.jobId = jobId;
        }
    }

    static final Map<String, Watched> JOBS = new ConcurrentHashMap<>();
    static final List<Long> LAGS_MICROS = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong DUPLICATES = new AtomicLong();
    static final AtomicLong SYSTEM_LINES = new AtomicLong();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            OPTS.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opt("url", "http://127.0.0.1:8080");
        int jobs = Integer.parseInt(opt("jobs", "10"));
        int duration = Integer.parseInt(opt("duration", "120"));
        int perSecond = Integer.parseInt(opt("lines-per-second", "1"));
        int drainTimeout = Integer.parseInt(opt("drain-timeout", "300"));
        String label = opt("label", "cloudwatch");
        Path out = Path.of(opt("out", label + ".txt"));

        try (CloudWatchStandIn cloudWatch = new CloudWatchStandIn(Integer.parseInt(opt("cw-port", "0")))) {
            long project = createProject(url, "tail-bench " + label);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(startModalJob(url, project));
            }
            for (String id : ids) {
                awaitRunning(url, id);
                JOBS.put(id, new Watched(id));
            }
            log("%d Modal jobs RUNNING in project %d", jobs, project);

            // Subscribe every job (at most 20 per session, the server's default limit).
            List<WebSocket> sockets = new ArrayList<>();
            String ws = url.replaceFirst("^http", "ws") + "/ws/projects/" + project;
            for (int from = 0; from < ids.size(); from += 20) {
                List<String> some = ids.subList(from, Math.min(ids.size(), from + 20));
                CountDownLatch subscribed = new CountDownLatch(some.size());
                WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws), new Listener(subscribed))
                        .get(30, TimeUnit.SECONDS);
                for (String id : some) {
                    socket.sendText("{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"" + id
                            + "\",\"after_seq\":0}}", true).get(10, TimeUnit.SECONDS);
                }
                if (!subscribed.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("subscriptions not answered");
                }
                sockets.add(socket);
            }
            log("all %d jobs subscribed over %d sessions; writing %d line(s)/s per job for %d s",
                    jobs, sockets.size(), perSecond, duration);

            // The jobs write: every second, each job's lines with the current time, spread over the second.
            cloudWatch.resetCounts();
            long start = System.currentTimeMillis();
            long expectedPerJob = 0;
            for (int second = 0; second < duration; second++) {
                long tick = start + second * 1000L;
                for (int j = 0; j < ids.size(); j++) {
                    long at = tick + (1000L * j) / ids.size();
                    waitUntil(at);
                    List<String> lines = new ArrayList<>();
                    for (int k = 0; k < perSecond; k++) {
                        lines.add("Info    : tail bench line " + (second * perSecond + k));
                    }
                    String id = ids.get(j);
                    cloudWatch.putEvents("/modal/jobs/" + id, "job-" + id, lines, System.currentTimeMillis(), 0);
                }
                expectedPerJob += perSecond;
            }
            long end = System.currentTimeMillis();
            double minutes = (end - start) / 60_000.0;
            int total = cloudWatch.callsTotal();
            int gets = cloudWatch.calls("GetLogEvents");
            int describes = cloudWatch.calls("DescribeLogStreams");
            int busiest = cloudWatch.maxCallsInWindow(CloudWatchStandIn.ANY_OPERATION, Duration.ofSeconds(1));
            int busiest10 = cloudWatch.maxCallsInWindow(CloudWatchStandIn.ANY_OPERATION, Duration.ofSeconds(10));
            log("writing done after %.1f s; waiting for every line to arrive", (end - start) / 1000.0);
            log("calls per second: %s", cloudWatch.callsPerSecond(CloudWatchStandIn.ANY_OPERATION).values());

            long expected = expectedPerJob;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeout);
            while (System.nanoTime() < deadline && JOBS.values().stream().anyMatch(w -> w.texts.size() < expected)) {
                Thread.sleep(200);
            }
            long drained = System.currentTimeMillis();
            long lost = JOBS.values().stream().mapToLong(w -> Math.max(0, expected - w.texts.size())).sum();
            sockets.forEach(s -> s.abort());

            long[] lags;
            synchronized (LAGS_MICROS) {
                lags = LAGS_MICROS.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(lags);
            Map<String, String> results = new LinkedHashMap<>();
            results.put("label", label);
            results.put("jobs", String.valueOf(jobs));
            results.put("lines_per_second_per_job", String.valueOf(perSecond));
            results.put("write_seconds", fmt((end - start) / 1000.0));
            results.put("lines_written", String.valueOf(expected * jobs));
            results.put("lines_received", String.valueOf(lags.length));
            results.put("lines_lost", String.valueOf(lost));
            results.put("lines_duplicated", String.valueOf(DUPLICATES.get()));
            results.put("system_lines", String.valueOf(SYSTEM_LINES.get()));
            results.put("drain_seconds_after_writing", fmt((drained - end) / 1000.0));
            results.put("calls_total", String.valueOf(total));
            results.put("calls_get_log_events", String.valueOf(gets));
            results.put("calls_describe_log_streams", String.valueOf(describes));
            results.put("calls_per_second_avg", fmt(total / ((end - start) / 1000.0)));
            results.put("calls_busiest_1s", String.valueOf(busiest));
            results.put("calls_busiest_10s", String.valueOf(busiest10));
            results.put("calls_per_job_minute", fmt(total / (jobs * minutes)));
            results.put("lag_p50_ms", fmt(percentile(lags, 0.50) / 1000.0));
            results.put("lag_p90_ms", fmt(percentile(lags, 0.90) / 1000.0));
            results.put("lag_p99_ms", fmt(percentile(lags, 0.99) / 1000.0));
            results.put("lag_max_ms", fmt(lags.length == 0 ? 0 : lags[lags.length - 1] / 1000.0));
            StringBuilder text = new StringBuilder();
            results.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(out, text);
            System.out.print(text);
            boolean clean = lost == 0 && DUPLICATES.get() == 0;
            System.exit(clean ? 0 : 1);
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static void log(String format, Object... args) {
        System.err.printf("[tail-bench] " + format + "%n", args);
    }

    static void waitUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static JsonObject post(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return json(answer.body());
    }

    static long createProject(String url, String name) throws IOException, InterruptedException {
        return post(url + "/api/projects", "{\"name\":\"" + name + "\"}").getJsonNumber("id").longValue();
    }

    static String startModalJob(String url, long project) throws IOException, InterruptedException {
        return post(url + "/api/projects/" + project + "/meshes", "{\"backend\":\"modal\",\"strategy\":\"bench\"}")
                .getString("job_id");
    }

    static void awaitRunning(String url, String jobId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/jobs/" + jobId))
                    .build(), HttpResponse.BodyHandlers.ofString());
            status = json(answer.body()).getString("status");
            if (status.equals("RUNNING")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(jobId + " is " + status + ", not RUNNING");
    }

    /** Counts each received line once by its text and records its lag from its CloudWatch timestamp. */
    static final class Listener implements WebSocket.Listener {
        private final CountDownLatch subscribed;
        private final StringBuilder partial = new StringBuilder();

        Listener(CountDownLatch subscribed) {
            this.subscribed = subscribed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Instant at = Instant.now();
                long now = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                handle(json(partial.toString()), now);
                partial.setLength(0);
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        private void handle(JsonObject frame, long receivedMicros) {
            String event = frame.getString("event");
            JsonObject data = frame.getJsonObject("data");
            switch (event) {
                case "subscribed" -> subscribed.countDown();
                case "log_line" -> line(data.getString("job_id"), data, receivedMicros);
                case "log_lines" -> data.getJsonArray("lines").forEach(
                        l -> line(data.getString("job_id"), l.asJsonObject(), receivedMicros));
                default -> { }
            }
        }

        private void line(String jobId, JsonObject line, long receivedMicros) {
            Watched watched = JOBS.get(jobId);
            if (watched == null) {
                return;
            }
            if (!"job-" .concat(jobId).equals(line.getString("stream", ""))) {
                SYSTEM_LINES.incrementAndGet();
                return;
            }
            if (watched.texts.merge(line.getString("text"), 1, Integer::sum) > 1) {
                DUPLICATES.incrementAndGet();
            }
            Instant ts = Instant.parse(line.getString("ts"));
            LAGS_MICROS.add(receivedMicros - (ts.getEpochSecond() * 1_000_000 + ts.getNano() / 1000));
        }
    }
}
