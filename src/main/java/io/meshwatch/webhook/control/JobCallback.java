package io.meshwatch.webhook.control;

import io.meshwatch.job.entity.JobStatus;
import io.meshwatch.platform.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A completion callback's body, read strictly from the raw bytes:
 * {@code {job_id, status: "completed"|"failed", result, error}}. Unknown fields
 * are kept, never rejected: the whole result object is stored, and extra
 * top-level fields are stored with it ({@link #withExtras}).
 */
public record JobCallback(String jobId, JobStatus status, JsonObject result, String error) {

    static final Pattern JOB_ID = Pattern.compile("(local|modal)-[A-Za-z0-9-]{1,58}");
    static final int MAX_ERROR = 8_192;

    public static JobCallback parse(byte[] body) {
        JsonObject object;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("The body must be a JSON object");
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.badRequest("The body has content after its JSON object");
            }
        } catch (ApiException e) {
            throw e;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw ApiException.badRequest("The body is not valid JSON");
        } catch (RuntimeException e) {
            // Parsson refuses nesting deeper than 1,000 with a plain RuntimeException.
            throw ApiException.badRequest("The body is not acceptable JSON: " + e.getMessage());
        }
        String jobId = string(object, "job_id");
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw ApiException.badRequest("'job_id' must be a job id such as modal-<uuid>");
        }
        String statusName = string(object, "status");
        JobStatus status;
        if ("completed".equals(statusName)) {
            status = JobStatus.COMPLETED;
        } else if ("failed".equals(statusName)) {
            status = JobStatus.FAILED;
        } else {
            throw ApiException.badRequest("'status' must be \"completed\" or \"failed\"");
        }
        JsonValue resultValue = object.get("result");
        JsonObject result = null;
        if (resultValue != null && resultValue.getValueType() != JsonValue.ValueType.NULL) {
            if (resultValue.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.badRequest("'result' must be an object or null");
            }
            result = resultValue.asJsonObject();
        }
        JsonValue errorValue = object.get("error");
        String error = null;
        if (errorValue != null && errorValue.getValueType() != JsonValue.ValueType.NULL) {
            if (errorValue.getValueType() != JsonValue.ValueType.STRING) {
                throw ApiException.badRequest("'error' must be a string or null");
            }
            error = ((JsonString) errorValue).getString().replace('\0', '\uFFFD');
            if (error.length() > MAX_ERROR) {
                error = error.substring(0, MAX_ERROR) + " \u2026 [truncated]";
            }
        }
        if (status == JobStatus.FAILED && (error == null || error.isBlank())) {
            error = "The job reported failure without an error message";
        }
        return new JobCallback(jobId, status, withExtras(result, object), error);
    }

    /**
     * DESIGN.md: unknown extra fields are kept, stored with the result. Top-level
     * fields beside job_id, status, result and error join the stored result, under
     * their own names; a field the result already has keeps the result's value.
     */
    static JsonObject withExtras(JsonObject result, JsonObject body) {
        JsonObjectBuilder merged = null;
        for (Map.Entry<String, JsonValue> field : body.entrySet()) {
            if (KNOWN.contains(field.getKey()) || (result != null && result.containsKey(field.getKey()))) {
                continue;
            }
            if (merged == null) {
                merged = result == null ? Json.createObjectBuilder() : Json.createObjectBuilder(result);
            }
            merged.add(field.getKey(), field.getValue());
        }
        return merged == null ? result : merged.build();
    }

    private static final Set<String> KNOWN = Set.of("job_id", "status", "result", "error");

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING
                ? ((JsonString) value).getString() : null;
    }

    /** The output path from the result, when the job gave one (NUL, which PostgreSQL refuses, replaced). */
    public String outputPath() {
        String path = result == null ? null : string(result, "s3_output_path");
        return path == null ? null : path.replace('\0', '\uFFFD');
    }

    /** The quality metrics from the result as JSON text, when the job gave them. */
    public String qualityMetrics() {
        if (result == null) {
            return null;
        }
        JsonValue metrics = result.get("quality_metrics");
        return metrics == null || metrics.getValueType() == JsonValue.ValueType.NULL ? null : metrics.toString();
    }

    /** The whole result as stored: the job's own object, extra fields included. */
    public String resultText() {
        return result == null ? null : result.toString();
    }
}
