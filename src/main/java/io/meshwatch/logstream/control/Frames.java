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

    /** DESIGN.md: {@code lines: [log_line data...]}, so each line carries its job's id too. */
    public record LogLinesData(String jobId, List<LogLineData> lines) {
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
            return of("log_line", lineData(jobId, lines.get(0)));
        }
        return batch(jobId, lines);
    }

    /** Lines as one {@code log_lines} frame, however many. */
    public static String batch(String jobId, List<StoredLine> lines) {
        return of("log_lines", new LogLinesData(jobId, lines.stream().map(line -> lineData(jobId, line)).toList()));
    }

    private static LogLineData lineData(String jobId, StoredLine line) {
        return new LogLineData(jobId, line.seq(), line.ts(), line.stream(), line.level(), line.text());
    }

    public static String error(String code, String message) {
        return of("error", new ErrorData(code, message));
    }
}
