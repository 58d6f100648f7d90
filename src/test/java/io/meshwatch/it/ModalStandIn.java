package io.meshwatch.it;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local stand-in for the Modal worker's web endpoint, on the port the build
 * gives Meshwatch as MODAL_LAUNCH_URL: it records each launch and answers a call id.
 */
final class ModalStandIn implements AutoCloseable {

    static final int PORT = Integer.getInteger("meshwatch.it.modal.port", 18731);

    record Launch(JsonObject body, Map<String, List<String>> headers) {
    }

    final List<Launch> launches = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    /** Statuses the next launches answer, in order; 200 with a call id once empty. */
    private final java.util.Queue<Integer> script = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long delayMillis;
    private volatile Consumer<JsonObject> onLaunch;
    private final ExecutorService jobs = Executors.newCachedThreadPool();
    private HttpServer server;

    ModalStandIn() throws IOException {
        start();
    }

    /** The next launches answer these statuses (then 200). */
    void script(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    /** Every answer waits this long first (a slow or hanging Modal). */
    void delay(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** What runs, on a thread of its own, for each launch answered 200 (a Modal function). */
    void onLaunch(Consumer<JsonObject> worker) {
        onLaunch = worker;
    }

    /** Stops listening, so launches meet a refused connection, until {@link #start()}. */
    void stop() {
        server.stop(0);
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/launch", exchange -> {
            JsonObject launched;
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                launched = Json.createReader(new StringReader(body)).readObject();
                launches.add(new Launch(launched, exchange.getRequestHeaders()));
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            byte[] answer = (status == 200 ? "{\"call_id\":\"fc-standin-" + calls.incrementAndGet() + "\"}"
                    : "{\"error\":\"scripted " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            Consumer<JsonObject> worker = onLaunch;
            if (status == 200 && worker != null) {
                // As Modal does: the call id is answered at once, the job runs after.
                jobs.execute(() -> worker.accept(launched));
            }
        });
        server.start();
    }

    long launchesOf(String jobId) {
        return launches.stream().filter(l -> l.body().getString("job_id").equals(jobId)).count();
    }

    Launch launchOf(String jobId) {
        return launches.stream().filter(l -> l.body().getString("job_id").equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("No launch for " + jobId));
    }

    @Override
    public void close() {
        server.stop(0);
        jobs.shutdownNow();
    }
}
