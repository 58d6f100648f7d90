package io.meshwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwatch.docs.ApiDocument;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every frame a real server sends is one of the messages docs/asyncapi.yaml
 * names, and valid against that message's payload schema.
 */
class AsyncApiIT extends ContainerTest {

    @Test
    void everyFrameTheServerSendsIsADocumentedMessage() throws Exception {
        long project = api.createProject("asyncapi");
        WsClient watcher = WsClient.connect(base, project).registered();
        String passing = api.startLocal(project, "print500");
        watcher.subscribe(passing, 0);
        watcher.awaitEvent("log_end", passing);
        watcher.awaitEvent("job_completed", passing);

        String failing = api.startLocal(project, "exit3");
        watcher.awaitEvent("job_failed", failing);

        WsClient resumed = WsClient.connect(base, project).registered();
        resumed.subscribe(passing, 499);
        resumed.awaitEvent("log_end", passing);
        resumed.send("{\"event\":\"unsubscribe_logs\",\"data\":{\"job_id\":\"" + passing + "\"}}");
        resumed.send("{\"event\":\"shout\",\"data\":{}}");
        resumed.await(f -> f.getString("event").equals("error")
                && f.getJsonObject("data").getString("code").equals("unknown_event"));

        WsClient stranger = WsClient.connect(base, "999999", null);
        assertEquals(1008, stranger.closeCode.get(30, TimeUnit.SECONDS), "an unknown project closes with 1008");

        List<JsonObject> frames = new ArrayList<>(watcher.frames());
        frames.addAll(resumed.frames());
        frames.addAll(stranger.frames());
        Set<String> events = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        ApiDocument doc = ApiDocument.read(ApiDocument.ASYNCAPI);
        for (JsonObject frame : frames) {
            String event = frame.getString("event", "");
            events.add(event);
            JsonNode message = doc.root().path("components").path("messages").path(event);
            if (message.isMissingNode()) {
                failures.add("undocumented event " + event + ": " + Api.abbreviated(frame.toString()));
                continue;
            }
            doc.validate(doc.resolve(message.path("payload")), ApiDocument.parseJson(frame.toString()))
                    .forEach(problem -> failures.add(event + ": " + problem + " in " + Api.abbreviated(frame.toString())));
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " frame(s) not as docs/asyncapi.yaml says; the first:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(20, failures.size()))));
        }
        assertTrue(events.containsAll(Set.of("subscribed", "log_lines", "log_end", "job_completed", "job_failed",
                "error")), "Expected every kind of server frame at least once, saw " + events);
    }
}
