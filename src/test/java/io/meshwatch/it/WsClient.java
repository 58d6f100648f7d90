package io.meshwatch.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) on /ws/projects/{id}, recording every
 * frame it receives; waits are on conditions with a timeout.
 */
final class WsClient implements WebSocket.Listener {

    static final Duration WAIT = Duration.ofSeconds(90);

    private final List<JsonObject> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;

    static URI uri(URL base, String project) {
        String http = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(http.replaceFirst("^http", "ws") + "ws/projects/" + project);
    }

    static WsClient connect(URL base, long projectId) {
        return connect(base, String.valueOf(projectId), null);
    }

    static WsClient connect(URL base, String project, String origin) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(uri(base, project), client).join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame;
            try (JsonReader reader = Json.createReader(new StringReader(partial.toString()))) {
                frame = reader.readObject();
            }
            partial.setLength(0);
            synchronized (this) {
                frames.add(frame);
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        synchronized (this) {
            notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
        synchronized (this) {
            notifyAll();
        }
    }

    /**
     * Returns once the server registered this session in its room: a WebSocket
     * handshake can complete before the server's onOpen ran, and a room event in
     * between would not be for this session yet. A subscription to no job is
     * answered with an error, which proves the registration.
     */
    WsClient registered() throws InterruptedException {
        int before = frames().size();
        send("{\"event\":\"subscribe_logs\",\"data\":{\"job_id\":\"registration-check\"}}");
        awaitFrom(before, f -> f.getString("event").equals("error"));
        return this;
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    void subscribe(String jobId, long afterSeq) {
        send(Json.createObjectBuilder().add("event", "subscribe_logs")
                .add("data", Json.createObjectBuilder().add("job_id", jobId).add("after_seq", afterSeq))
                .build().toString());
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /** Drops the connection without a close handshake, as a network failure would. */
    void abort() {
        socket.abort();
    }

    synchronized List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    /** Waits for a frame that matches, and returns it. */
    JsonObject await(Predicate<JsonObject> wanted) throws InterruptedException {
        return awaitFrom(0, wanted);
    }

    /** Waits for a matching frame among those received from index {@code from} on. */
    synchronized JsonObject awaitFrom(int from, Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = from;
        while (true) {
            for (; seen < frames.size(); seen++) {
                if (wanted.test(frames.get(seen))) {
                    return frames.get(seen);
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || closeCode.isDone()) {
                throw new AssertionError("No such frame in " + WAIT + "; last frames: " + tail());
            }
            wait(Math.min(left, 1000));
        }
    }

    JsonObject awaitEvent(String event, String jobId) throws InterruptedException {
        return await(f -> f.getString("event").equals(event) && jobId.equals(jobIdOf(f)));
    }

    /** Waits until some log line of the job has at least this seq. */
    void awaitSeq(String jobId, long seq) throws InterruptedException {
        await(f -> jobId.equals(jobIdOf(f)) && seqs(List.of(f)).stream().anyMatch(s -> s >= seq));
    }

    /** Every log line of the job received, in arrival order. */
    synchronized List<JsonObject> lines(String jobId) {
        List<JsonObject> lines = new ArrayList<>();
        for (JsonObject frame : frames) {
            if (!jobId.equals(jobIdOf(frame))) {
                continue;
            }
            String event = frame.getString("event");
            JsonObject data = frame.getJsonObject("data");
            if (event.equals("log_line")) {
                lines.add(data);
            } else if (event.equals("log_lines")) {
                data.getJsonArray("lines").forEach(l -> lines.add(l.asJsonObject()));
            }
        }
        return lines;
    }

    /** Every seq of the job's log lines received, in arrival order. */
    synchronized List<Long> seqs(String jobId) {
        return seqs(frames.stream().filter(f -> jobId.equals(jobIdOf(f))).toList());
    }

    private static List<Long> seqs(List<JsonObject> frames) {
        List<Long> seqs = new ArrayList<>();
        for (JsonObject frame : frames) {
            String event = frame.getString("event");
            JsonObject data = frame.getJsonObject("data");
            if (event.equals("log_line")) {
                seqs.add(data.getJsonNumber("seq").longValue());
            } else if (event.equals("log_lines")) {
                data.getJsonArray("lines").forEach(l -> seqs.add(l.asJsonObject().getJsonNumber("seq").longValue()));
            }
        }
        return seqs;
    }

    static String jobIdOf(JsonObject frame) {
        JsonValue data = frame.get("data");
        if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
            return null;
        }
        JsonValue id = data.asJsonObject().get("job_id");
        return id != null && id.getValueType() == JsonValue.ValueType.STRING ? data.asJsonObject().getString("job_id")
                : null;
    }

    private String tail() {
        List<JsonObject> all = frames;
        return all.subList(Math.max(0, all.size() - 3), all.size()).stream()
                .map(f -> Api.abbreviated(f.toString())).toList().toString();
    }
}
