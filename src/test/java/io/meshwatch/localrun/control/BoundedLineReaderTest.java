package io.meshwatch.localrun.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    static List<String> lines(byte[] bytes, int max) throws IOException {
        BoundedLineReader cut = new BoundedLineReader(new ByteArrayInputStream(bytes), max);
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = cut.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    static List<String> lines(String text) throws IOException {
        return lines(text.getBytes(StandardCharsets.UTF_8), 100);
    }

    @Test
    void splitsOnEveryKindOfLineEnd() throws IOException {
        assertEquals(List.of("a", "b", "c", "d", "", "e"), lines("a\nb\r\nc\rd\n\ne"));
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(""), lines("\n"));
    }

    @Test
    void crlfAcrossABufferBoundaryIsOneLineEnd() throws IOException {
        String first = "x".repeat(8191) + "\r";
        assertEquals(List.of("x".repeat(8191), "next"), lines((first + "\nnext\n").getBytes(StandardCharsets.UTF_8),
                10_000));
    }

    @Test
    void cutsALongLineWithAMarkerAndKeepsReadingAfterIt() throws IOException {
        String huge = "y".repeat(50_000);
        List<String> got = lines((huge + "\nafter\n").getBytes(StandardCharsets.UTF_8), 1000);
        assertEquals(2, got.size());
        assertEquals("y".repeat(1000) + " \u2026 [line truncated: 49000 more characters]", got.get(0));
        assertEquals("after", got.get(1));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        byte[] bytes = {'o', 'k', (byte) 0xFF, (byte) 0xC3, '\n', (byte) 0xE2, (byte) 0x9C, (byte) 0x93, '\n'};
        assertEquals(List.of("ok\uFFFD\uFFFD", "\u2713"), lines(bytes, 100));
    }

    @Test
    void returnsEachLineAsSoonAsItsEndArrives() throws IOException {
        // A stream that would block after the first line: readLine must not wait for more.
        InputStream oneLineThenBlock = new InputStream() {
            final byte[] data = "first\n".getBytes(StandardCharsets.UTF_8);
            int i;

            @Override
            public int read() {
                if (i < data.length) {
                    return data[i++];
                }
                throw new AssertionError("read past the first line before returning it");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= data.length) {
                    throw new AssertionError("read past the first line before returning it");
                }
                int n = Math.min(len, data.length - i);
                System.arraycopy(data, i, b, off, n);
                i += n;
                return n;
            }

            @Override
            public int available() {
                return data.length - i;
            }
        };
        BoundedLineReader cut = new BoundedLineReader(oneLineThenBlock, 100);
        assertEquals("first", cut.readLine());
    }

    @Test
    void theLastLineNeedsNoTerminator() throws IOException {
        BoundedLineReader cut = new BoundedLineReader(
                new ByteArrayInputStream("tail".getBytes(StandardCharsets.UTF_8)), 10);
        assertEquals("tail", cut.readLine());
        assertNull(cut.readLine());
        assertTrue(lines("a\n").size() == 1);
    }
}
