package io.meshwatch.logstream.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame on its way out, built once however many sessions send it: its
 * JSON text for the container's portable {@code sendText}, and, on first
 * request, the complete RFC 6455 frame (header and UTF-8 payload) for
 * containers that can write pre-framed bytes ({@link RawFrameSender}). With
 * 1,000 sessions on a job, encoding each batch once instead of once per session
 * is most of the push's CPU (docs/BENCHMARKS.md).
 */
final class OutFrame {

    private static final int FIN_TEXT = 0x81;
    private static final int FIN_PING = 0x89;

    final String text;
    private volatile ByteBuffer wire;

    OutFrame(String text) {
        this.text = text;
    }

    /**
     * The whole frame as written to the socket: a view of its own position over
     * shared bytes, which nobody may write to. Heap and writable on purpose: the
     * container writes an array-backed buffer without copying it first.
     */
    ByteBuffer wire() {
        ByteBuffer built = wire;
        if (built == null) {
            // Once, also when a thousand sessions ask at the same moment.
            synchronized (this) {
                built = wire;
                if (built == null) {
                    built = frame(text.getBytes(StandardCharsets.UTF_8));
                    wire = built;
                }
            }
        }
        return built.duplicate();
    }

    /** Bytes of the whole frame, header included. */
    int size() {
        return wire().remaining();
    }

    /** A ping whose payload is {@code mark}; the client's pong echoes it (RFC 6455 section 5.5.3). */
    static ByteBuffer ping(long mark) {
        return ByteBuffer.allocate(10).put((byte) FIN_PING).put((byte) 8).putLong(mark).flip();
    }

    /** An unmasked, final server-to-client text frame around {@code payload}. */
    static ByteBuffer frame(byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + n);
        frame.put((byte) FIN_TEXT);
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        frame.put(payload).flip();
        return frame;
    }
}
