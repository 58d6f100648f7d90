package io.meshwatch.localrun.control;

import io.meshwatch.logstream.control.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines from a process as they are written, never holding more than
 * {@code maxChars} of one line in memory: a longer line is cut with a marker and
 * the rest of it skipped. Invalid UTF-8 becomes U+FFFD. "\n", "\r\n" and a lone
 * "\r" (progress output) each end a line.
 */
public class BoundedLineReader {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean skipLineFeed;

    public BoundedLineReader(InputStream stream, int maxChars) {
        this.in = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxChars = maxChars;
    }

    public BoundedLineReader(InputStream stream) {
        this(stream, LogText.MAX_CHARS);
    }

    /** The next line without its terminator, or null at the end of the stream. */
    public String readLine() throws IOException {
        StringBuilder line = null;
        long dropped = 0;
        while (true) {
            if (position >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    return finish(line, dropped);
                }
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder(80);
            }
            int start = position;
            while (position < limit) {
                char c = buffer[position];
                if (c == '\n' || c == '\r') {
                    dropped += append(line, start, position);
                    position++;
                    skipLineFeed = c == '\r';
                    return finish(line, dropped);
                }
                position++;
            }
            dropped += append(line, start, position);
        }
    }

    private long append(StringBuilder line, int from, int to) {
        int room = Math.max(0, maxChars - line.length());
        int take = Math.min(room, to - from);
        line.append(buffer, from, take);
        return (to - from) - take;
    }

    private static String finish(StringBuilder line, long dropped) {
        return dropped == 0 ? line.toString() : LogText.truncated(line.toString(), dropped);
    }
}
