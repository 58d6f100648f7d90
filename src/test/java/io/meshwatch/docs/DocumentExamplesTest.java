package io.meshwatch.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example in docs/openapi.yaml and docs/asyncapi.yaml is valid against its own schema. */
class DocumentExamplesTest {

    @Test
    void everyOpenApiExampleMatchesItsSchema() {
        ApiDocument cut = ApiDocument.read(ApiDocument.OPENAPI);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> schema : fields(cut.root().path("components").path("schemas"))) {
            if (schema.getValue().has("example")) {
                checked++;
                check(cut, "schema " + schema.getKey(), schema.getValue(), schema.getValue().get("example"), failures);
            }
        }
        for (Map.Entry<String, JsonNode> path : fields(cut.root().path("paths"))) {
            for (Map.Entry<String, JsonNode> operation : fields(path.getValue())) {
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                checked += mediaExamples(cut, where + " request",
                        operation.getValue().path("requestBody").path("content"), failures);
                for (Map.Entry<String, JsonNode> response : fields(operation.getValue().path("responses"))) {
                    checked += mediaExamples(cut, where + " " + response.getKey(),
                            response.getValue().path("content"), failures);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked >= 30, "Only " + checked + " examples found: is the document complete?");
    }

    @Test
    void everyAsyncApiExampleMatchesItsPayload() {
        ApiDocument cut = ApiDocument.read(ApiDocument.ASYNCAPI);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> message : fields(cut.root().path("components").path("messages"))) {
            JsonNode payload = message.getValue().path("payload");
            assertFalse(payload.isMissingNode(), message.getKey() + " has no payload");
            assertFalse(message.getValue().path("examples").isEmpty(), message.getKey() + " has no example");
            for (JsonNode example : message.getValue().path("examples")) {
                checked++;
                check(cut, "message " + message.getKey() + " (" + example.path("name").asText() + ")", payload,
                        example.path("payload"), failures);
                assertEquals(message.getKey(), example.path("payload").path("event").asText(),
                        "The example's event names its message");
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked >= 10, "Only " + checked + " examples found: is the document complete?");
    }

    @Test
    void theSchemasRefuseWhatTheyDoNotDescribe() {
        ApiDocument openApi = ApiDocument.read(ApiDocument.OPENAPI);
        ObjectNode job = openApi.schema("Job").get("example").deepCopy();
        job.put("status", "DONE");
        assertFalse(openApi.validate(openApi.schema("Job"), job).isEmpty(), "An unknown status passed");
        ObjectNode error = openApi.schema("Error").get("example").deepCopy();
        error.remove("message");
        assertFalse(openApi.validate(openApi.schema("Error"), error).isEmpty(), "An error without message passed");
        ObjectNode line = openApi.schema("LogLine").get("example").deepCopy();
        line.put("ts", "yesterday");
        assertFalse(openApi.validate(openApi.schema("LogLine"), line).isEmpty(), "A ts that is no date-time passed");

        ApiDocument asyncApi = ApiDocument.read(ApiDocument.ASYNCAPI);
        JsonNode end = ApiDocument.parseJson("{\"event\":\"log_end\",\"data\":{\"job_id\":\"local-1\",\"lastSeq\":3}}");
        assertFalse(asyncApi.validate(asyncApi.schema("LogEndFrame"), end).isEmpty(), "A camelCase field passed");
    }

    private static int mediaExamples(ApiDocument doc, String where, JsonNode content, List<String> failures) {
        int checked = 0;
        for (Map.Entry<String, JsonNode> media : fields(content)) {
            JsonNode schema = media.getValue().path("schema");
            if (media.getValue().has("example")) {
                checked++;
                check(doc, where + " " + media.getKey(), schema, media.getValue().get("example"), failures);
            }
            for (Map.Entry<String, JsonNode> example : fields(media.getValue().path("examples"))) {
                checked++;
                JsonNode value = doc.resolve(example.getValue()).path("value");
                check(doc, where + " " + media.getKey() + " example " + example.getKey(), schema, value, failures);
            }
        }
        return checked;
    }

    private static void check(ApiDocument doc, String where, JsonNode schema, JsonNode value, List<String> failures) {
        if (schema.isMissingNode() || value.isMissingNode()) {
            failures.add(where + ": schema or example missing");
            return;
        }
        doc.validate(schema, value).forEach(message -> failures.add(where + ": " + message));
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
