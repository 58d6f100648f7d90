package io.meshwatch.logstream.entity;

import java.io.Serializable;
import java.time.Instant;

/** A stored line as clients see it: {@code {seq, ts, stream, level, text}}. */
public record StoredLine(long seq, Instant ts, String stream, String level, String text) implements Serializable {

    public static StoredLine of(LogLine line) {
        return new StoredLine(line.getSeq(), line.getTs(), line.getStream(), line.getLevel(), line.getText());
    }
}
