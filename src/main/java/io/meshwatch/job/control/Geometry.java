package io.meshwatch.job.control;

import io.meshwatch.platform.ApiException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The geometry a job meshes: {@code params.geo}, an inline gmsh .geo text, or
 * {@code params.geometry}, the name of a bundled sample (default "cube").
 */
public record Geometry(String name, String geoText) {

    public static final List<String> SAMPLES = List.of("cube", "bracket");
    public static final String DEFAULT_SAMPLE = "cube";
    public static final int MAX_GEO_CHARS = 256 * 1024;

    public static Geometry of(JsonObject params) {
        JsonValue inline = params.get("geo");
        if (inline != null && inline.getValueType() != JsonValue.ValueType.NULL) {
            if (inline.getValueType() != JsonValue.ValueType.STRING) {
                throw ApiException.badRequest("'params.geo' must be the text of a .geo file");
            }
            String text = ((JsonString) inline).getString();
            if (text.isBlank() || text.length() > MAX_GEO_CHARS) {
                throw ApiException.badRequest("'params.geo' must hold 1 to " + MAX_GEO_CHARS + " characters");
            }
            return new Geometry("inline", text);
        }
        JsonValue named = params.get("geometry");
        String name = DEFAULT_SAMPLE;
        if (named != null && named.getValueType() != JsonValue.ValueType.NULL) {
            if (named.getValueType() != JsonValue.ValueType.STRING
                    || !SAMPLES.contains(((JsonString) named).getString())) {
                throw ApiException.badRequest("'params.geometry' must be one of " + SAMPLES);
            }
            name = ((JsonString) named).getString();
        }
        return new Geometry(name, sample(name));
    }

    static String sample(String name) {
        try (InputStream in = Geometry.class.getResourceAsStream("/samples/" + name + ".geo")) {
            if (in == null) {
                throw new IllegalStateException("Sample geometry missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
