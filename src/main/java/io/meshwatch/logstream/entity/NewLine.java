package io.meshwatch.logstream.entity;

import java.time.Instant;

/** A line a producer read, before it is stored and numbered. */
public record NewLine(Instant ts, String stream, String text) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    /** Lines Meshwatch itself adds to a job's log (start failures, exit codes). */
    public static final String SYSTEM = "system";
}
