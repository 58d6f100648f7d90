package io.meshwatch.logstream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.logstream.entity.StoredLine;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.PersistenceException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A session's actor against a client that reads its bytes (or not): the byte
 * window, falling behind onto shared catch-up pages, and what a failing store
 * does. Commands run on the calling thread, so each step is done when it returns.
 */
class PeerTest {

    private static final String JOB = "local-1";
    private static final long JOB_ROW = 7;

    /** The job's stored lines, seq 1, 2, 3...; each about 120 bytes as a frame item. */
    private final List<StoredLine> store = new ArrayList<>();
    private int storeReads;
    private RuntimeException storeFailure;

    private final LogSessions owner = new LogSessions();

    PeerTest() {
        owner.settings = new PushSettings();
        owner.settings.maxQueuedFrames = 256;
        owner.settings.maxSubscriptionsPerSession = 20;
        owner.settings.windowBytes = 64 * 1024;
        owner.pages = new CatchUpPages(LogSessions.PAGE_LINES, 16 * 1024 * 1024, (id, after, limit) -> {
            storeReads++;
            if (storeFailure != null) {
                throw storeFailure;
            }
            assertEquals(JOB_ROW, id);
            return store.stream().filter(l -> l.seq() > after).limit(limit).toList();
        });
    }

    /** The far end of one session: what was written to it, and the pongs it owes. */
    private final class Client {
        final List<ByteBuffer> wire = new ArrayList<>();
        final List<CloseReason> closes = new ArrayList<>();
        final Peer peer;
        int read;
        final List<Long> seqs = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<Long> pingMarks = new ArrayList<>();
        int answered;
        long bytesRead;

        Client() {
            Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getId" -> "s" + System.identityHashCode(this);
                        case "close" -> {
                            closes.add((CloseReason) args[0]);
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            peer = new Peer(session, 1, "127.0.0.1", owner, Runnable::run, frame -> {
                ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
                wire.add(copy);
                return CompletableFuture.completedFuture(null);
            });
        }

        long bytesWritten() {
            return wire.stream().mapToLong(ByteBuffer::remaining).sum();
        }

        /** Reads every frame written so far; the pings read so far are answered when {@code answer}. */
        void read(boolean answer) {
            readFrames();
            while (answer && answered < pingMarks.size()) {
                long mark = pingMarks.get(answered++);
                peer.post(p -> p.pong(mark));
            }
        }

        private void readFrames() {
            while (read < wire.size()) {
                ByteBuffer frame = wire.get(read++).duplicate();
                bytesRead += frame.remaining();
                int opcode = frame.get() & 0x0F;
                int length = frame.get() & 0x7F;
                if (length == 126) {
                    length = frame.getShort() & 0xFFFF;
                } else if (length == 127) {
                    length = (int) frame.getLong();
                }
                byte[] payload = new byte[length];
                frame.get(payload);
                if (opcode == 0x9) {
                    pingMarks.add(ByteBuffer.wrap(payload).getLong());
                    continue;
                }
                assertEquals(0x1, opcode);
                JsonObject json = Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))
                        .readObject();
                String event = json.getString("event");
                events.add(event);
                JsonObject data = json.getJsonObject("data");
                if (event.equals("log_lines")) {
                    for (JsonValue line : data.getJsonArray("lines")) {
                        seqs.add(line.asJsonObject().getJsonNumber("seq").longValue());
                    }
                } else if (event.equals("log_line")) {
                    seqs.add(data.getJsonNumber("seq").longValue());
                }
            }
        }

        /** Reads and answers until the server writes nothing more. */
        void readAll() {
            do {
                read(true);
            } while (read < wire.size());
        }
    }

    private List<StoredLine> storeLines(int n) {
        long from = store.size() + 1;
        List<StoredLine> lines = new ArrayList<>();
        for (long seq = from; seq < from + n; seq++) {
            StoredLine line = new StoredLine(seq, Instant.ofEpochSecond(1_800_000_000L, seq * 1000), "stdout", "INFO",
                    "Info    : Meshing surface " + seq + " (Plane, Frontal-Delaunay) of the bracket, 80 chars");
            lines.add(line);
        }
        store.addAll(lines);
        return lines;
    }

    private static Subscription following(long afterSeq, long lastSeq) {
        return new Subscription(JOB, JOB_ROW, afterSeq, lastSeq);
    }

    /** Each seq from {@code first} to {@code last} once, in order; says where it went wrong if not. */
    private static void assertSeqs(long first, long last, List<Long> seqs) {
        for (int i = 0; i < seqs.size(); i++) {
            long expected = first + i;
            if (seqs.get(i) != expected) {
                throw new AssertionError("at index " + i + ": seq " + seqs.get(i) + ", expected " + expected);
            }
        }
        assertEquals(last - first + 1, seqs.size(), "lines received, the last " + (seqs.isEmpty() ? "none"
                : seqs.get(seqs.size() - 1)));
    }

    /** The job ends; the client, reading and answering, gets every line once, in order, then log_end. */
    private void endAndReadEverything(Client client) {
        client.peer.post(p -> p.ended(JOB, store.size()));
        client.readAll();
        assertSeqs(1, store.size(), client.seqs);
        assertEquals("log_end", client.events.get(client.events.size() - 1));
        assertTrue(client.closes.isEmpty(), client.closes.toString());
    }

    @Test
    void aClientThatDoesNotAnswerIsWrittenNoMoreThanTheWindowUntilItDoes() {
        Client client = new Client();
        client.peer.post(p -> p.follow(following(0, 0)));
        for (int i = 0; i < 40; i++) {
            LiveBatch batch = new LiveBatch(JOB, storeLines(100));
            client.peer.post(p -> p.live(batch));
        }
        // Some 480 KB of lines, the window 64 KB: one frame may cross it, nothing more.
        client.read(false);
        long largestFrame = client.wire.stream().mapToLong(ByteBuffer::remaining).max().orElseThrow();
        long unacknowledged = client.bytesRead - client.pingMarks.size() * 10L;
        assertTrue(unacknowledged <= owner.settings.windowBytes + largestFrame,
                unacknowledged + " bytes written without a pong");
        assertTrue(client.pingMarks.size() >= 1, "a ping follows the frames");
        int writtenBefore = client.wire.size();
        client.peer.post(p -> p.live(new LiveBatch(JOB, storeLines(1))));
        assertEquals(writtenBefore, client.wire.size(), "nothing more until a pong");

        endAndReadEverything(client);
    }

    @Test
    void liveFramesThatPileUpAreDroppedAndTheSessionCatchesUpFromTheStoreEachLineOnceInOrder() {
        Client client = new Client();
        client.peer.post(p -> p.follow(following(0, 0)));
        // The client stalls while 200 batches go out: far more than the backlog of live frames.
        for (int i = 0; i < 200; i++) {
            LiveBatch batch = new LiveBatch(JOB, storeLines(37));
            client.peer.post(p -> p.live(batch));
        }
        assertEquals(1, owner.fellBehind(), "fell behind once");
        assertTrue(client.closes.isEmpty(), "a slow reader is not closed while it keeps reading");
        // It reads again; the job goes on and ends meanwhile.
        client.read(true);
        for (int i = 0; i < 5; i++) {
            LiveBatch batch = new LiveBatch(JOB, storeLines(37));
            client.peer.post(p -> p.live(batch));
            client.read(true);
        }
        endAndReadEverything(client);
    }

    @Test
    void sessionsCatchingUpFromTheSamePlaceShareEachPageReadAndEncoding() {
        storeLines(5_000);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Client client = new Client();
            // Each starts at its own seq inside the first block, then they meet at block boundaries.
            long after = i * 7L;
            client.peer.post(p -> p.follow(new Subscription(JOB, JOB_ROW, after, 5_000)));
            client.peer.post(p -> p.ended(JOB, 5_000));
            clients.add(client);
        }
        for (int round = 0; round < 100; round++) {
            clients.forEach(c -> c.read(true));
        }
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            assertSeqs(i * 7L + 1, 5_000, client.seqs);
            assertEquals("log_end", client.events.get(client.events.size() - 1));
        }
        // 19 first partial blocks (one session starts on a boundary) and 10 shared blocks; not 20 x 10.
        assertEquals(19 + 10, storeReads);
    }

    @Test
    void aStoreThatFailsDuringCatchUpClosesTheSessionWith1013AndSendsNoInternalError() {
        storeLines(2_000);
        storeFailure = new PersistenceException("Connection pool exhausted");
        Client client = new Client();
        client.peer.post(p -> p.follow(following(0, 2_000)));
        client.read(true);
        assertEquals(1, client.closes.size());
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, client.closes.get(0).getCloseCode());
        assertFalse(client.events.contains("error"), client.events.toString());
        assertTrue(client.peer.isClosed());
    }

    @Test
    void aPingUnansweredForTheSendTimeoutClosesWith1013() {
        Client client = new Client();
        client.peer.post(p -> p.follow(following(0, 0)));
        LiveBatch batch = new LiveBatch(JOB, storeLines(10));
        client.peer.post(p -> p.live(batch));
        client.peer.post(p -> p.keepAlive(0));
        client.read(false);
        assertEquals(1, client.pingMarks.size());
        long timeout = 10_000_000_000L;
        client.peer.probe(System.nanoTime(), timeout, timeout);
        assertTrue(client.closes.isEmpty(), "not before the timeout");
        client.peer.probe(System.nanoTime() + timeout + 1, timeout, timeout);
        assertEquals(1, client.closes.size());
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, client.closes.get(0).getCloseCode());
    }

    @Test
    void anAnsweredPingIsNoReasonToClose() {
        Client client = new Client();
        client.peer.post(p -> p.follow(following(0, 0)));
        client.peer.post(p -> p.live(new LiveBatch(JOB, storeLines(10))));
        client.peer.post(p -> p.keepAlive(0));
        client.read(true);
        long timeout = 10_000_000_000L;
        client.peer.probe(System.nanoTime() + timeout + 1, timeout, Long.MAX_VALUE);
        assertTrue(client.closes.isEmpty(), client.closes.toString());
    }

    @Test
    void overloadIsToldApartFromABug() {
        assertTrue(Peer.overloaded(new IllegalStateException("tx", new PersistenceException("no connection"))));
        assertTrue(Peer.overloaded(new RuntimeException(new java.sql.SQLTransientConnectionException("pool"))));
        assertFalse(Peer.overloaded(new NullPointerException()));
        assertFalse(Peer.overloaded(new IllegalStateException("a bug", new IllegalArgumentException())));
    }
}
