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
import java.util.concurrent.atomic.AtomicInteger;

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
    private final HttpServer server;

    ModalStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        server.createContext("/launch", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                launches.add(new Launch(Json.createReader(new StringReader(body)).readObject(),
                        exchange.getRequestHeaders()));
            }
            byte[] answer = ("{\"call_id\":\"fc-standin-" + calls.incrementAndGet() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    Launch launchOf(String jobId) {
        return launches.stream().filter(l -> l.body().getString("job_id").equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("No launch for " + jobId));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
