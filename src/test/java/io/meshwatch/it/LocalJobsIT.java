package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Local jobs on a real server. MESHWATCH_LOCAL_COMMAND (set by the build) runs
 * the script in src/test/jobs named by the job's strategy.
 */
class LocalJobsIT extends ContainerTest {

    @Test
    void a500LineJobStoresEveryLineOnceInOrderAndCompletes() {
        long project = api.createProject("print500");
        String jobId = api.startLocal(project, "print500");
        assertTrue(jobId.startsWith("local-"), jobId);

        JsonObject job = api.awaitEnd(jobId);
        assertEquals("COMPLETED", job.getString("status"), job.toString());
        assertEquals(0, job.getInt("exit_code"));
        assertEquals(jobId, job.getString("job_id"));
        assertEquals(project, job.getJsonNumber("project_id").longValue());
        assertEquals("local", job.getString("backend"));
        assertTrue(job.getJsonObject("result").getBoolean("success"));

        List<JsonObject> lines = allLines(jobId);
        assertSeqsRunFromOne(lines);
        assertEquals(job.getJsonNumber("last_seq").longValue(), lines.size());
        List<String> stdout = texts(lines, "stdout");
        assertEquals(500, stdout.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("stdout line " + (i + 1), stdout.get(i));
        }
        List<String> stderr = texts(lines, "stderr");
        assertEquals(10, stderr.size());
        assertEquals("Warning: stderr line 10", stderr.get(9));
        lines.stream().filter(l -> l.getString("stream").equals("stderr"))
                .forEach(l -> assertEquals("WARN", l.getString("level")));
        JsonObject last = lines.get(lines.size() - 1);
        assertEquals("system", last.getString("stream"));
        assertEquals("Process exited with code 0", last.getString("text"));

        assertEquals("COMPLETED", expect(200, api.get("api/projects/" + project)).getString("status"));
    }

    @Test
    void aNonZeroExitFailsTheJobWithTheCodeAndTheLastStderrLines() {
        long project = api.createProject("exit3");
        JsonObject job = api.awaitEnd(api.startLocal(project, "exit3"));
        assertEquals("FAILED", job.getString("status"));
        assertEquals(3, job.getInt("exit_code"));
        String error = job.getString("error");
        assertTrue(error.contains("code 3"), error);
        assertTrue(error.contains("surface 7 is not closed") && error.contains("giving up"), error);
        assertEquals("FAILED", expect(200, api.get("api/projects/" + project)).getString("status"));
        List<JsonObject> lines = allLines(job.getString("job_id"));
        assertTrue(lines.stream().anyMatch(l -> l.getString("level").equals("ERROR")
                && l.getString("text").contains("giving up")));
    }

    @Test
    void aCommandThatDoesNotExistFailsClearly() {
        long project = api.createProject("missing command");
        JsonObject job = api.awaitEnd(api.startLocal(project, "no-such-program"));
        assertEquals("FAILED", job.getString("status"));
        String error = job.getString("error");
        assertTrue(error.contains("Could not start") && error.contains("no-such-program"), error);
        List<JsonObject> lines = allLines(job.getString("job_id"));
        assertEquals(1, lines.size());
        assertEquals("system", lines.get(0).getString("stream"));
        assertEquals("ERROR", lines.get(0).getString("level"));
    }

    @Test
    void theLogEndpointPagesFromAfterAndServesText() {
        long project = api.createProject("log paging");
        String jobId = api.awaitEnd(api.startLocal(project, "print500")).getString("job_id");

        JsonObject page = expect(200, api.get("api/jobs/" + jobId + "/log?after=100&limit=50"));
        JsonArray lines = page.getJsonArray("lines");
        assertEquals(50, lines.size());
        assertEquals(101, lines.getJsonObject(0).getJsonNumber("seq").longValue());
        assertEquals(150, page.getJsonNumber("next_after").longValue());
        assertTrue(page.getBoolean("has_more"));
        JsonObject line = lines.getJsonObject(0);
        for (String field : List.of("seq", "ts", "stream", "level", "text")) {
            assertTrue(line.containsKey(field), field);
        }
        assertTrue(line.getString("ts").endsWith("Z"), line.getString("ts"));

        long last = page.getJsonNumber("last_seq").longValue();
        JsonObject end = expect(200, api.get("api/jobs/" + jobId + "/log?after=" + last));
        assertTrue(end.getJsonArray("lines").isEmpty());
        assertFalse(end.getBoolean("has_more"));

        HttpResponse<String> text = api.get("api/jobs/" + jobId + "/log?format=text&after=505");
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(last - 505, text.body().lines().count());
        HttpResponse<String> negotiated = api.get("api/jobs/" + jobId + "/log", "text/plain");
        assertEquals(last, negotiated.body().lines().count());
        // stdout and stderr are separate pipes, so only each stream's own order is fixed;
        // the text download follows the stored seq order exactly.
        List<String> stored = allLines(jobId).stream().map(l -> l.getString("text")).toList();
        assertEquals(stored, negotiated.body().lines().toList());

        expect(400, api.get("api/jobs/" + jobId + "/log?after=-1"));
        expect(400, api.get("api/jobs/" + jobId + "/log?after=abc"));
        expect(400, api.get("api/jobs/" + jobId + "/log?limit=0"));
        expect(400, api.get("api/jobs/" + jobId + "/log?format=xml"));
        expect(404, api.get("api/jobs/local-0/log"));
    }

    @Test
    void hostileOutputIsStoredWithoutLossOrCrash() {
        long project = api.createProject("hostile");
        JsonObject job = api.awaitEnd(api.startLocal(project, "hostile"));
        assertEquals("COMPLETED", job.getString("status"), job.toString());
        List<JsonObject> lines = allLines(job.getString("job_id"));
        assertSeqsRunFromOne(lines);
        List<String> out = texts(lines, "stdout");
        assertEquals(9, out.size(), () -> out.subList(1, out.size()).toString());
        String longLine = out.get(0);
        assertTrue(longLine.startsWith("x".repeat(65536)), "keeps the first 64 KiB");
        String marker = longLine.substring(65536);
        assertEquals(" \u2026 [line truncated: " + (100_000 - 65536) + " more characters]", marker);
        assertEquals("bad utf8: \uFFFD\uFFFD end", out.get(1));
        assertEquals("nul: a\uFFFDb", out.get(2));
        assertEquals("\u001B[31mError: red\u001B[0m", out.get(3));
        assertEquals("crlf line", out.get(4));
        assertEquals("progress 1", out.get(5));
        assertEquals("progress 2", out.get(6));
        assertEquals("unicode: \u2713 \u03BB \uD83D\uDD25", out.get(7));
        assertEquals("no newline at the end", out.get(8));
        assertEquals("ERROR", lines.get(3).getString("level"));
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotKeepTheJobRunning() throws Exception {
        long project = api.createProject("background");
        JsonObject job = api.awaitEnd(api.startLocal(project, "background"));
        java.nio.file.Path pidFile = java.nio.file.Path.of(job.getString("output_path") + ".background-pid");
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        try {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the job ended while its background process still held the output");
            assertEquals("COMPLETED", job.getString("status"), job.toString());
            List<String> texts = allLines(job.getString("job_id")).stream().map(l -> l.getString("text")).toList();
            assertEquals("main process done", texts.get(0));
            assertEquals("Process exited with code 0", texts.get(texts.size() - 1));
            // When the process exits the JDK may itself drain and close a pipe no read is blocked on,
            // and the job ends at once; otherwise the grace period ends it with this line.
            assertTrue(texts.size() == 2 || texts.size() == 3
                    && texts.get(1).startsWith("The process exited but its output is still open"), texts.toString());
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aBurstOf100000LinesIsStoredCompletely() {
        long project = api.createProject("burst");
        JsonObject job = api.awaitEnd(api.startLocal(project, "burst"));
        assertEquals("COMPLETED", job.getString("status"), job.toString());
        assertEquals(100_001, job.getJsonNumber("last_seq").longValue());
        List<String> text = api.get("api/jobs/" + job.getString("job_id") + "/log?format=text").body().lines()
                .toList();
        assertEquals(100_001, text.size());
        for (int i = 0; i < 100_000; i++) {
            if (!text.get(i).equals("burst line " + (i + 1))) {
                throw new AssertionError("line " + (i + 1) + " is '" + text.get(i) + "'");
            }
        }
    }

    private List<JsonObject> allLines(String jobId) {
        List<JsonObject> lines = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonObject page = expect(200, api.get("api/jobs/" + jobId + "/log?after=" + after));
            page.getJsonArray("lines").forEach(v -> lines.add(v.asJsonObject()));
            if (!page.getBoolean("has_more")) {
                return lines;
            }
            after = page.getJsonNumber("next_after").longValue();
        }
    }

    private static void assertSeqsRunFromOne(List<JsonObject> lines) {
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).getJsonNumber("seq").longValue(), "seq at index " + i);
        }
    }

    private static List<String> texts(List<JsonObject> lines, String stream) {
        return lines.stream()
                .filter(l -> l.getString("stream").equals(stream))
                .map(l -> l.getString("text"))
                .toList();
    }

    static boolean isNull(JsonObject o, String key) {
        return o.get(key) == null || o.get(key).getValueType() == JsonValue.ValueType.NULL;
    }
}
