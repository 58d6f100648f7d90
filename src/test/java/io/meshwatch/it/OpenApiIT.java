package io.meshwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwatch.docs.ApiDocument;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the server serves is the one committed as docs/openapi.yaml. */
class OpenApiIT extends ContainerTest {

    private static final int MAX_SHOWN = 40;

    @Test
    void theServedDocumentIsTheCommittedOne() {
        URI openapi = api.uri("/").resolve("/openapi");
        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(openapi).GET().build());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode served = comparable(ApiDocument.parseYaml(answer.body()));
        JsonNode committed = comparable(ApiDocument.parse(ApiDocument.OPENAPI));
        assertTrue(served.path("paths").size() >= 6, "The served document has no REST calls: " + answer.body());

        List<String> differences = new ArrayList<>();
        diff("", committed, served, differences);
        if (!differences.isEmpty()) {
            fail(differences.size() + " difference(s) between docs/openapi.yaml and the served /openapi"
                    + " (if the change is meant, fetch /openapi again into docs/openapi.yaml; docs/TESTING.md):\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(MAX_SHOWN, differences.size()))));
        }
    }

    @Test
    void realAnswersMatchTheSchemasTheDocumentGivesThem() {
        ApiDocument doc = ApiDocument.read(ApiDocument.OPENAPI);
        List<String> failures = new ArrayList<>();
        HttpResponse<String> created = api.postJson("api/projects", "{\"name\":\"openapi\"}");
        check(doc, "/api/projects", "post", created, failures);
        long project = Api.object(created).getJsonNumber("id").longValue();
        HttpResponse<String> started = api.postJson("api/projects/" + project + "/meshes",
                "{\"backend\":\"local\",\"strategy\":\"print500\"}");
        check(doc, "/api/projects/{id}/meshes", "post", started, failures);
        String job = Api.object(started).getString("job_id");
        api.awaitEnd(job);
        check(doc, "/api/jobs/{jobId}", "get", api.get("api/jobs/" + job), failures);
        check(doc, "/api/jobs/{jobId}", "get", api.get("api/jobs/local-999999"), failures);
        check(doc, "/api/jobs/{jobId}/log", "get", api.get("api/jobs/" + job + "/log?after=10&limit=100"), failures);
        check(doc, "/api/jobs/{jobId}/log", "get", api.get("api/jobs/" + job + "/log?after=-1"), failures);
        check(doc, "/api/projects", "get", api.get("api/projects"), failures);
        check(doc, "/api/projects/{id}", "get", api.get("api/projects/" + project), failures);
        check(doc, "/api/projects/{id}", "get", api.get("api/projects/999999"), failures);
        check(doc, "/api/projects", "post", api.postJson("api/projects", "{}"), failures);
        check(doc, "/api/projects", "post", api.post("api/projects", "text/plain", "name"), failures);
        check(doc, "/api/webhooks/modal", "post", api.postJson("api/webhooks/modal", "{}"), failures);
        assertEquals(List.of(), failures);
    }

    /** The answer's status must be documented for the call, and its JSON body valid against that schema. */
    private static void check(ApiDocument doc, String path, String method, HttpResponse<String> answer,
                              List<String> failures) {
        String where = method.toUpperCase() + " " + answer.request().uri().getPath() + " " + answer.statusCode();
        JsonNode response = doc.root().path("paths").path(path).path(method).path("responses")
                .path(String.valueOf(answer.statusCode()));
        if (response.isMissingNode()) {
            failures.add(where + ": status not documented; body " + Api.abbreviated(answer.body()));
            return;
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            failures.add(where + ": no JSON schema documented");
            return;
        }
        doc.validate(schema, ApiDocument.parseJson(answer.body()))
                .forEach(message -> failures.add(where + ": " + message));
    }

    /**
     * Leaves out only what depends on where the server runs: {@code servers} (its
     * URL and port) and the context root that Payara's {@code endpoints} list is keyed by.
     */
    private static JsonNode comparable(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("servers");
        JsonNode endpoints = copy.remove("endpoints");
        if (endpoints != null) {
            TreeSet<String> all = new TreeSet<>();
            endpoints.forEach(list -> list.forEach(path -> all.add(path.asText())));
            ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
            all.forEach(sorted::add);
            copy.set("endpoints", sorted);
        }
        return copy;
    }

    private static void diff(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String path = at + "/" + name;
                if (!actual.has(name)) {
                    out.add(path + ": in docs/openapi.yaml, not served");
                } else if (!expected.has(name)) {
                    out.add(path + ": served, not in docs/openapi.yaml: " + abbreviated(actual.get(name)));
                } else {
                    diff(path, expected.get(name), actual.get(name), out);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> left = expected.elements();
            Iterator<JsonNode> right = actual.elements();
            for (int i = 0; left.hasNext(); i++) {
                diff(at + "/" + i, left.next(), right.next(), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(at + ": docs/openapi.yaml has " + abbreviated(expected) + ", served " + abbreviated(actual));
        }
    }

    private static String abbreviated(JsonNode node) {
        return Api.abbreviated(node.toString());
    }
}
