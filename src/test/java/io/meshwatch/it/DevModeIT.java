package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MESHWATCH_MODE=dev without a secret: unsigned deliveries are applied, and
 * health says so. This server also runs with MESHWATCH_JOB_TIMEOUT=PT8S.
 */
class DevModeIT extends ContainerTest {

    static ModalStandIn modal;

    @BeforeAll
    static void standIn() throws Exception {
        modal = new ModalStandIn();
    }

    @AfterAll
    static void stopStandIn() {
        modal.close();
    }

    @Test
    void aModalJobThatStaysSilentIsFailedByTheSweep() throws Exception {
        long project = api.createProject("silent job");
        WsClient room = WsClient.connect(base, project).registered();
        String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"))
                .getString("job_id");
        JsonObject failed = room.awaitEvent("job_failed", jobId).getJsonObject("data");
        assertTrue(failed.getString("error").contains("MESHWATCH_JOB_TIMEOUT"), failed.toString());
        JsonObject job = expect(200, api.get("api/jobs/" + jobId));
        assertEquals("FAILED", job.getString("status"));
        assertEquals("FAILED", expect(200, api.get("api/projects/" + project)).getString("status"));
        room.close();
    }

    @Test
    void anUnsignedDeliveryIsAppliedAndHealthWarns() {
        long project = api.createProject("dev mode");
        String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"))
                .getString("job_id");
        api.awaitJob(jobId, job -> job.getString("status").equals("RUNNING"));
        JsonObject answer = expect(200, api.postJson("api/webhooks/modal",
                "{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"success\":true}}"));
        assertEquals("applied", answer.getString("status"));
        assertEquals("COMPLETED", expect(200, api.get("api/jobs/" + jobId)).getString("status"));

        JsonObject ready = Api.object(new Api(ProjectsIT.rootOf(base)).get("health/ready"));
        JsonObject webhook = ready.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("webhook")).findFirst().orElseThrow();
        assertEquals("UP", webhook.getString("status"));
        assertTrue(webhook.getJsonObject("data").toString().contains("unsigned webhooks are accepted"),
                webhook.toString());
    }
}
