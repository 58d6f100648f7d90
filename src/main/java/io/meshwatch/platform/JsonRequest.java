package io.meshwatch.platform;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.NoSuchElementException;

/**
 * Strict reading of JSON request bodies: a malformed body, a body that is not
 * an object, or a field of the wrong type is a 400 that names the problem.
 */
public final class JsonRequest {

    private final JsonObject object;

    private JsonRequest(JsonObject object) {
        this.object = object;
    }

    public static JsonRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("Request body is empty: send a JSON object");
        }
        try (JsonParser parser = Json.createParser(new StringReader(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.badRequest("Request body has content after its JSON object");
            }
            return new JsonRequest(object);
        } catch (ApiException e) {
            throw e;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw ApiException.badRequest("Request body is not valid JSON");
        } catch (RuntimeException e) {
            // Parsson refuses nesting deeper than 1,000 with a plain RuntimeException.
            throw ApiException.badRequest("Request body is not acceptable JSON: " + e.getMessage());
        }
    }

    public JsonObject object() {
        return object;
    }

    /** A required string, trimmed, of 1..maxLength characters. */
    public String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("'" + name + "' is required");
        }
        return value;
    }

    /** A string that may be absent or null; present, it must be a string of at most maxLength. */
    public String optionalString(String name, int maxLength) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.badRequest("'" + name + "' must be a string");
        }
        String text = ((JsonString) value).getString().trim();
        if (text.length() > maxLength) {
            throw ApiException.badRequest("'" + name + "' is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** An object that may be absent or null (then empty). */
    public JsonObject optionalObject(String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("'" + name + "' must be an object");
        }
        return value.asJsonObject();
    }
}
