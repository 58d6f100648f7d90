package io.meshwatch.cloudwatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshwatch.cloudwatch.LogStore.NewEvent;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A local CloudWatch Logs for tests, spoken to by the real AWS SDK v2 client over HTTP
 * (JSON 1.1: {@code POST /}, {@code X-Amz-Target: Logs_20140328.<Operation>}). It keeps log
 * groups in memory, serves CreateLogGroup, CreateLogStream, PutLogEvents, GetLogEvents,
 * DescribeLogStreams and FilterLogEvents, and can be made slow, throttled, failing, late or
 * forgetful while a test runs. Signatures are not checked.
 *
 * <p>Errors carry the code both in the {@code x-amzn-ErrorType} header and as {@code __type}
 * in the body (plain, without the {@code namespace#} prefix, which the SDK would strip
 * anyway); the SDK maps the code to its modeled exception, e.g. {@code ThrottlingException}.
 *
 * <p>Two clocks: the store clock stamps ingestion times and decides when a late event becomes
 * readable; the rate clock stamps calls for {@link #callsPerSecond}. A test that controls time
 * passes its own supplier so nothing has to sleep.
 */
public final class CloudWatchStandIn implements AutoCloseable {

    /** Pass to the counting methods to count every operation. */
    public static final String ANY_OPERATION = "*";

    private static final String TARGET_PREFIX = "Logs_20140328.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final ExecutorService threads;
    private final LogStore store;
    private final Tokens tokens = new Tokens();
    private final LogsOperations operations;
    private final Faults faults = new Faults();
    private final CallLog calls;
    private volatile long delayMillis;

    /** A stand-in on the system clock; port 0 picks a free port. */
    public CloudWatchStandIn(int port) throws IOException {
        this(port, System::currentTimeMillis);
    }

    /** A stand-in whose store and call counts both follow {@code clockMillis}. */
    public CloudWatchStandIn(int port, LongSupplier clockMillis) throws IOException {
        this(port, clockMillis, clockMillis);
    }

    /**
     * Separate clocks, for a test that controls event visibility with a fake clock while the
     * code under test paces its calls by real time.
     */
    public CloudWatchStandIn(int port, LongSupplier clockMillis, LongSupplier rateClockMillis) throws IOException {
        store = new LogStore(clockMillis);
        operations = new LogsOperations(store, tokens);
        calls = new CallLog(rateClockMillis);
        // Its own threads, so a delayed answer does not hold up other callers.
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloudwatch-stand-in");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    // ---- Faults, all off until set; each may be changed at any time.

    /** This share of calls is answered 400 ThrottlingException "Rate exceeded" (deterministic, see {@link Faults}). */
    public void throttleShare(double share) {
        faults.throttleShare(share);
    }

    /** This share of the calls not throttled is answered 500 ServiceUnavailableException. */
    public void serverErrorShare(double share) {
        faults.serverErrorShare(share);
    }

    /** The next {@code times} calls of {@code operation} fail with {@code errorCode} (5xx for server-side codes). */
    public void failNext(String operation, int times, String errorCode) {
        faults.failNext(operation, times, errorCode);
    }

    /** Turns throttling, server errors and scheduled failures off again. */
    public void clearFaults() {
        faults.clear();
    }

    /** Every answer, faults included, is sent this long after the call arrived. */
    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Events put from now on become readable this long after they were put (store clock). */
    public void visibilityDelay(Duration delay) {
        store.visibilityDelay(delay.toMillis());
    }

    /** Every paging token issued so far is answered InvalidParameterException "The specified nextToken is invalid.". */
    public void expireTokens() {
        tokens.expireAll();
    }

    // ---- Counting: every call that reached the server, faulted ones included.

    public int calls(String operation) {
        return calls.count(operation);
    }

    public int callsTotal() {
        return calls.total();
    }

    /** Calls of {@code operation} (or {@link #ANY_OPERATION}) by epoch second of the rate clock. */
    public SortedMap<Long, Integer> callsPerSecond(String operation) {
        return calls.perSecond(operation);
    }

    /** The most calls of {@code operation} within any sliding window of this length. */
    public int maxCallsInWindow(String operation, Duration window) {
        return calls.maxInWindow(operation, window.toMillis());
    }

    /** Every call that named the log group: operation, arrival (ms), caller's access key id. */
    public List<CallLog.Call> callsOfGroup(String group) {
        return calls.ofGroup(group);
    }

    public void resetCounts() {
        calls.reset();
    }

    // ---- Direct access for test setup; not counted as calls.

    public void createGroupAndStream(String group, String stream) {
        store.ensureGroupAndStream(group, stream);
    }

    /** Puts the messages as one batch, timestamps {@code firstTimestamp + i * stepMillis}. */
    public void putEvents(String group, String stream, List<String> messages, long firstTimestamp, long stepMillis) {
        store.ensureGroupAndStream(group, stream);
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            batch.add(new NewEvent(firstTimestamp + i * stepMillis, messages.get(i)));
        }
        store.put(group, stream, batch);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = requestBody(exchange);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.record(operation, caller(exchange), groupOf(body));
            int status = 200;
            JsonObject answer;
            String errorType = null;
            try {
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new CloudWatchError("UnknownOperationException", 400, "Unknown X-Amz-Target: " + target);
                }
                CloudWatchError fault = faults.next(operation);
                if (fault != null) {
                    throw fault;
                }
                answer = operations.call(operation, parse(body));
            } catch (CloudWatchError e) {
                status = e.status;
                errorType = e.code;
                answer = error(e.code, e.getMessage());
            } catch (JsonException | ClassCastException | NullPointerException e) {
                // A request the stand-in cannot read: the SDK sent a shape this class does not expect.
                status = 400;
                errorType = "SerializationException";
                answer = error(errorType, "Cannot read the request: " + e);
            } catch (RuntimeException e) {
                status = 500;
                errorType = "InternalFailure";
                answer = error(errorType, "Stand-in failure: " + e);
            }
            pause();
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The access key id in the request's SigV4 Authorization header, or "". */
    static String caller(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return "";
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return "";
        }
        int end = authorization.indexOf('/', at);
        return end < 0 ? "" : authorization.substring(at + "Credential=".length(), end);
    }

    private static String groupOf(byte[] body) {
        try {
            return parse(body).getString("logGroupName", "");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static byte[] requestBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            // The SDK compresses request bodies only for operations modelled with compression; accept it anyway.
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    return unzipped.readAllBytes();
                }
            }
            return raw;
        }
    }

    private static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    private static JsonObject error(String code, String message) {
        return Json.createObjectBuilder().add("__type", code).add("message", message).build();
    }

    private void pause() {
        long millis = delayMillis;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                // Closing interrupts the server threads; answer at once then.
                Thread.currentThread().interrupt();
            }
        }
    }
}
