package io.meshwatch.logstream.boundary;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** A frame from the browser, {@code {event, data}}, read strictly. */
record ClientFrame(String event, String jobId, long afterSeq) {

    static final String SUBSCRIBE = "subscribe_logs";
    static final String UNSUBSCRIBE = "unsubscribe_logs";

    /** A frame that cannot be used, with the error code and message to answer. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static ClientFrame parse(String text) throws Refused {
        JsonObject frame;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            frame = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Refused("bad_frame", "A frame must be a JSON object {event, data}");
        }
        String event = string(frame, "event", 64);
        if (event == null) {
            throw new Refused("bad_frame", "'event' must be a string");
        }
        if (!SUBSCRIBE.equals(event) && !UNSUBSCRIBE.equals(event)) {
            throw new Refused("unknown_event", "Unknown event; send subscribe_logs or unsubscribe_logs");
        }
        JsonValue dataValue = frame.get("data");
        if (dataValue == null || dataValue.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refused("bad_frame", "'data' must be an object");
        }
        JsonObject data = dataValue.asJsonObject();
        String jobId = string(data, "job_id", 64);
        if (jobId == null || jobId.isEmpty()) {
            throw new Refused("bad_frame", "'data.job_id' must be a job id");
        }
        long afterSeq = 0;
        JsonValue after = data.get("after_seq");
        if (after != null && after.getValueType() != JsonValue.ValueType.NULL) {
            if (after.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) after).isIntegral()) {
                throw new Refused("bad_frame", "'data.after_seq' must be a whole number");
            }
            try {
                afterSeq = ((JsonNumber) after).longValueExact();
            } catch (ArithmeticException e) {
                throw new Refused("bad_frame", "'data.after_seq' is out of range");
            }
            if (afterSeq < 0) {
                throw new Refused("bad_frame", "'data.after_seq' must not be negative");
            }
        }
        return new ClientFrame(event, jobId, afterSeq);
    }

    private static String string(JsonObject object, String name, int max) throws Refused {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            return null;
        }
        String text = ((JsonString) value).getString();
        if (text.length() > max) {
            throw new Refused("bad_frame", "'" + name + "' is too long");
        }
        return text;
    }
}
