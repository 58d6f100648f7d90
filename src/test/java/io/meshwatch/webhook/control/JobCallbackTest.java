package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meshwatch.job.entity.JobStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobCallbackTest {

    static JobCallback parse(String body) {
        return JobCallback.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownFieldsInsideTheResultAreStoredAsSent() {
        JobCallback callback = parse("{\"job_id\":\"modal-1\",\"status\":\"completed\","
                + "\"result\":{\"success\":true,\"extra_field\":\"kept\"},\"error\":null}");
        assertEquals("{\"success\":true,\"extra_field\":\"kept\"}", callback.resultText());
    }

    @Test
    void unknownTopLevelFieldsAreStoredWithTheResult() {
        JobCallback callback = parse("{\"job_id\":\"modal-1\",\"status\":\"completed\",\"result\":{\"success\":true},"
                + "\"error\":null,\"duration_s\":12.5,\"worker\":{\"gpu\":false}}");
        assertEquals("{\"success\":true,\"duration_s\":12.5,\"worker\":{\"gpu\":false}}", callback.resultText());
    }

    @Test
    void theResultsOwnValueWinsOverATopLevelFieldOfTheSameName() {
        JobCallback callback = parse("{\"job_id\":\"modal-1\",\"status\":\"completed\","
                + "\"result\":{\"success\":true},\"success\":false}");
        assertEquals("{\"success\":true}", callback.resultText());
    }

    @Test
    void extraFieldsOfAFailureWithoutAResultBecomeItsResult() {
        JobCallback callback = parse("{\"job_id\":\"modal-1\",\"status\":\"failed\",\"error\":\"boom\",\"exit_code\":3}");
        assertEquals(JobStatus.FAILED, callback.status());
        assertEquals("boom", callback.error());
        assertEquals("{\"exit_code\":3}", callback.resultText());
    }

    @Test
    void withoutExtraFieldsNothingIsAdded() {
        assertNull(parse("{\"job_id\":\"modal-1\",\"status\":\"failed\",\"error\":\"boom\"}").resultText());
    }
}
