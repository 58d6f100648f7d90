package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.StoredLine;
import io.meshwatch.platform.JsonConfig;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/** The server's frames, {@code {event, data}}, as DESIGN.md names them. */
public final class Frames {

    private Frames() {
    }

    public record Envelope(String event, Object data) {
    }

    public record Subscribed(String jobId, String status, long lastSeq) {
    }

    public record LogLineData(String jobId, long seq, Instant ts, String stream, String level, String text) {
    }

    public record LogLinesData(String jobId, List<StoredLine> lines) {
    }

    public record LogEndData(String jobId, long lastSeq) {
    }

    public record JobCompletedData(String jobId, long projectId, JsonValue result) {
    }

    public record JobFailedData(String jobId, long projectId, String error) {
    }

    public record ErrorData(String code, String message) {
    }

    public static String of(String event, Object data) {
        return JsonConfig.jsonb().toJson(new Envelope(event, data));
    }

    /** One line as {@code log_line}, several as {@code log_lines}. */
    public static String lines(String jobId, List<StoredLine> lines) {
        if (lines.size() == 1) {
            StoredLine line = lines.get(0);
            return of("log_line", new LogLineData(jobId, line.seq(), line.ts(), line.stream(), line.level(),
                    line.text()));
        }
        return of("log_lines", new LogLinesData(jobId, lines));
    }

    public static String error(String code, String message) {
        return of("error", new ErrorData(code, message));
    }
}
