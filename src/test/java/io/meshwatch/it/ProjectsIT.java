package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Projects over real HTTP: create, list, get, and every bad input answered with its 4xx. */
class ProjectsIT extends ContainerTest {

    @Test
    void createListAndGetAProject() {
        HttpResponse<String> created = api.postJson("api/projects", "{\"name\":\"  Wing bracket \"}");
        JsonObject project = expect(201, created);
        long id = project.getJsonNumber("id").longValue();
        assertEquals("Wing bracket", project.getString("name"));
        assertEquals("NEW", project.getString("status"));
        assertTrue(project.getJsonArray("jobs").isEmpty());
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/projects/" + id));

        JsonObject fetched = expect(200, api.get("api/projects/" + id));
        assertEquals(project.getString("name"), fetched.getString("name"));
        assertEquals(project.getString("created_at"), fetched.getString("created_at"));

        JsonArray all = Api.json(api.get("api/projects")).asJsonArray();
        assertTrue(all.stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).anyMatch(i -> i == id));
    }

    static Stream<Arguments> badProjectRequests() {
        String tooLong = "x".repeat(201);
        return Stream.of(
                Arguments.of("application/json", "", 400),
                Arguments.of("application/json", "   ", 400),
                Arguments.of("application/json", "{", 400),
                Arguments.of("application/json", "not json", 400),
                Arguments.of("application/json", "[]", 400),
                Arguments.of("application/json", "\"name\"", 400),
                Arguments.of("application/json", "{}", 400),
                Arguments.of("application/json", "{\"name\":\"\"}", 400),
                Arguments.of("application/json", "{\"name\":\"   \"}", 400),
                Arguments.of("application/json", "{\"name\":42}", 400),
                Arguments.of("application/json", "{\"name\":null}", 400),
                Arguments.of("application/json", "{\"name\":[\"a\"]}", 400),
                Arguments.of("application/json", "{\"name\":\"" + tooLong + "\"}", 400),
                Arguments.of("application/json", "{\"name\":\"a\"} trailing", 400),
                Arguments.of("text/plain", "{\"name\":\"a\"}", 415),
                Arguments.of("application/xml", "<name>a</name>", 415),
                Arguments.of(null, "{\"name\":\"a\"}", 415),
                Arguments.of("application/json", "{\"name\":\"a\\u0000b\"}", 400),
                Arguments.of("application/json", "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400));
    }

    @ParameterizedTest
    @MethodSource("badProjectRequests")
    void badInputIsRefusedAndStoresNothing(String contentType, String body, int status) {
        int before = Api.json(api.get("api/projects")).asJsonArray().size();
        JsonObject error = expect(status, api.post("api/projects", contentType, body));
        assertFalse(error.getString("error").isBlank());
        assertFalse(error.getString("message").isBlank());
        assertEquals(before, Api.json(api.get("api/projects")).asJsonArray().size());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        int before = Api.json(api.get("api/projects")).asJsonArray().size();
        RawHttp.Answer answer = RawHttp.postPartially(base, "api/projects", "application/json", 2_000_000, 65_536);
        assertEquals(413, answer.status(), answer.toString());
        assertEquals("payload_too_large", Api.object(answer.body()).getString("error"));
        assertEquals(before, Api.json(api.get("api/projects")).asJsonArray().size());
    }

    @Test
    void unknownProjectsAre404() {
        expect(404, api.get("api/projects/999999999"));
        expect(404, api.get("api/projects/not-a-number"));
        expect(404, api.get("api/projects/-1"));
        expect(404, api.postJson("api/projects/999999999/meshes", "{\"backend\":\"local\"}"));
        expect(404, api.get("api/jobs/local-999999999"));
        expect(404, api.get("api/jobs/nope/log"));
    }

    static Stream<Arguments> badMeshRequests() {
        return Stream.of(
                Arguments.of("{\"backend\":\"cloud\"}", 400),
                Arguments.of("{\"backend\":7}", 400),
                Arguments.of("{\"strategy\":\"../../bin/sh\"}", 400),
                Arguments.of("{\"strategy\":\"a b\"}", 400),
                Arguments.of("{\"strategy\":\"" + "s".repeat(65) + "\"}", 400),
                Arguments.of("{\"params\":[1,2]}", 400),
                Arguments.of("{\"params\":{\"geometry\":\"teapot\"}}", 400),
                Arguments.of("{\"params\":{\"geo\":42}}", 400),
                Arguments.of("not json", 400));
    }

    @ParameterizedTest
    @MethodSource("badMeshRequests")
    void badMeshRequestsStartNoJob(String body, int status) {
        long project = api.createProject("bad mesh requests");
        JsonObject error = expect(status, api.postJson("api/projects/" + project + "/meshes", body));
        assertFalse(error.getString("message").isBlank());
        JsonObject after = expect(200, api.get("api/projects/" + project));
        assertTrue(after.getJsonArray("jobs").isEmpty());
        assertEquals("NEW", after.getString("status"));
    }

    @Test
    void healthSaysReadyWithTheSchemaMigrated() {
        URL root = base;
        Api server = new Api(rootOf(root));
        JsonObject ready = Api.object(server.get("health/ready"));
        assertEquals("UP", ready.getString("status"), ready.toString());
        assertTrue(ready.toString().contains("schema_version"), ready.toString());
    }

    /** MicroProfile Health is served at the server's root, not under the application's context root. */
    static URL rootOf(URL url) {
        try {
            return new URL(url.getProtocol(), url.getHost(), url.getPort(), "/");
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }
}
