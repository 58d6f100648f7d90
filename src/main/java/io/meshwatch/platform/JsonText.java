package io.meshwatch.platform;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Stored JSON text back to a JSON value for answers; unreadable text becomes a JSON string. */
public final class JsonText {

    private JsonText() {
    }

    public static JsonValue value(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            return Json.createValue(text);
        }
    }
}
