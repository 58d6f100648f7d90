package io.meshwatch.logstream.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutFrameTest {

    /** Reads a frame back as RFC 6455 section 5.2 defines it. */
    private static byte[] payloadOf(ByteBuffer frame) {
        int first = frame.get() & 0xFF;
        assertEquals(0x81, first, "FIN set, no RSV bits, opcode text");
        int second = frame.get() & 0xFF;
        assertEquals(0, second & 0x80, "server frames are not masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = frame.getShort() & 0xFFFF;
            assertEquals(true, length >= 126, "minimal length encoding");
        } else if (length == 127) {
            length = frame.getLong();
            assertEquals(true, length > 0xFFFF, "minimal length encoding");
        }
        assertEquals(length, frame.remaining(), "nothing before or after the payload");
        byte[] payload = new byte[(int) length];
        frame.get(payload);
        return payload;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void lengthsAtEveryEncodingBoundary(int n) {
        byte[] payload = new byte[n];
        for (int i = 0; i < n; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        assertArrayEquals(payload, payloadOf(OutFrame.frame(payload)));
    }

    @Test
    void textIsUtf8AndEachViewReadsTheWholeFrame() {
        String text = "{\"event\":\"log_line\",\"data\":{\"text\":\"Maille \u00e9l\u00e9ments \u2713 \ud83d\ude00\"}}";
        OutFrame frame = new OutFrame(text);
        ByteBuffer first = frame.wire();
        ByteBuffer second = frame.wire();
        assertEquals(text, new String(payloadOf(first), StandardCharsets.UTF_8));
        assertEquals(text, new String(payloadOf(second), StandardCharsets.UTF_8), "a consumed view leaves the next whole");
    }

    @Test
    void aPingCarriesItsMarkForThePongToEcho() {
        ByteBuffer ping = OutFrame.ping(0x0102030405060708L);
        assertEquals(0x89, ping.get() & 0xFF, "FIN set, opcode ping");
        assertEquals(8, ping.get() & 0xFF, "unmasked, 8 bytes of payload");
        assertEquals(0x0102030405060708L, ping.getLong());
        assertEquals(0, ping.remaining());
    }
}
