package io.meshwatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.cloudwatch.CloudWatchStandIn;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the Modal worker's Python tests (worker/tests, unittest) with Debian's python3 and
 * python3-boto3, against CloudWatch Logs stand-ins started here: one that answers
 * normally and one that throttles every second call. Missing Python is a failure, not a
 * skip: CI installs it (.ci/run), and a skipped worker suite would hide a broken worker.
 */
class WorkerPythonTest {

    @Test
    void theWorkersPythonTestsPassAgainstTheCloudWatchStandIn() throws Exception {
        assertTrue(Files.isDirectory(PythonProcess.baseDir().resolve("worker/tests")),
                "no worker/tests under " + PythonProcess.baseDir());
        PythonProcess.requireBoto3();
        try (CloudWatchStandIn cloudWatch = new CloudWatchStandIn(0);
             CloudWatchStandIn throttling = new CloudWatchStandIn(0)) {
            throttling.throttleShare(0.5);
            PythonProcess.Result tests = PythonProcess.run(PythonProcess.baseDir(),
                    List.of("-m", "unittest", "discover", "-s", "worker/tests", "-v"), Map.of(
                            "AWS_ENDPOINT_URL", cloudWatch.endpoint().toString(),
                            "MESHWATCH_TEST_THROTTLING_ENDPOINT", throttling.endpoint().toString(),
                            "MESHWATCH_REQUIRE_STANDIN", "1",
                            "AWS_ACCESS_KEY_ID", "worker-test-key",
                            "AWS_SECRET_ACCESS_KEY", "worker-test-secret",
                            "AWS_REGION", "us-west-1",
                            "PYTHONDONTWRITEBYTECODE", "1"),
                    "", Duration.ofMinutes(5));
            System.out.println(tests.all());
            assertEquals(0, tests.exitCode(), () -> "The worker's Python tests failed:\n" + tests.all());
            // unittest reports to stderr: "Ran N tests", then "OK" or "OK (skipped=N)".
            assertTrue(tests.stderr().contains("\nOK"), () -> "No OK from unittest:\n" + tests.all());
            assertFalse(tests.stderr().contains("skipped"), () -> "No worker test may skip here:\n" + tests.all());
            assertTrue(throttling.calls("PutLogEvents") > 0, "the throttling stand-in was used");
            assertTrue(cloudWatch.calls("PutLogEvents") > 0, "the stand-in was used");
        }
    }
}
