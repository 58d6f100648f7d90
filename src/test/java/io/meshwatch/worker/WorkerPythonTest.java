package io.meshwatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meshwatch.cloudwatch.CloudWatchStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Modal worker's Python tests (worker/tests, unittest) with Debian's python3 and
 * python3-boto3, against CloudWatch Logs stand-ins started here: one that answers
 * normally and one that throttles every second call. Missing Python is a failure, not a
 * skip: CI installs it (.ci/run), and a skipped worker suite would hide a broken worker.
 */
class WorkerPythonTest {

    static final String PYTHON = "/usr/bin/python3";
    static final long TIMEOUT_MINUTES = 5;

    record Run(int exitCode, String output) {
    }

    static Path baseDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(baseDir().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(-1, "Cannot start " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, "python-output");
        drain.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            drain.join(5_000);
            return new Run(-1, output.toString(StandardCharsets.UTF_8) + "\n[killed after " + TIMEOUT_MINUTES
                    + " minutes]");
        }
        drain.join(5_000);
        return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theWorkersPythonTestsPassAgainstTheCloudWatchStandIn() throws Exception {
        assertTrue(Files.isDirectory(baseDir().resolve("worker/tests")), "no worker/tests under " + baseDir());
        Run check = run(List.of(PYTHON, "-c", "import boto3"), Map.of());
        if (check.exitCode() != 0) {
            fail("The worker's tests need Debian's python3 and python3-boto3 at " + PYTHON
                    + " (apt-get install python3 python3-boto3; .ci/run installs them):\n" + check.output());
        }
        try (CloudWatchStandIn cloudWatch = new CloudWatchStandIn(0);
             CloudWatchStandIn throttling = new CloudWatchStandIn(0)) {
            throttling.throttleShare(0.5);
            Run tests = run(List.of(PYTHON, "-m", "unittest", "discover", "-s", "worker/tests", "-v"), Map.of(
                    "AWS_ENDPOINT_URL", cloudWatch.endpoint().toString(),
                    "MESHWATCH_TEST_THROTTLING_ENDPOINT", throttling.endpoint().toString(),
                    "MESHWATCH_REQUIRE_STANDIN", "1",
                    "AWS_ACCESS_KEY_ID", "worker-test-key",
                    "AWS_SECRET_ACCESS_KEY", "worker-test-secret",
                    "AWS_REGION", "us-west-1",
                    "PYTHONDONTWRITEBYTECODE", "1"));
            System.out.println(tests.output());
            assertEquals(0, tests.exitCode(), () -> "The worker's Python tests failed:\n" + tests.output());
            assertFalse(tests.output().contains("skipped"), () -> "No worker test may skip here:\n" + tests.output());
            assertTrue(throttling.calls("PutLogEvents") > 0, "the throttling stand-in was used");
            assertTrue(cloudWatch.calls("PutLogEvents") > 0, "the stand-in was used");
        }
    }
}
