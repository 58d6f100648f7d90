package io.meshwatch.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 on the worker's code for the tests, bounded in time, output kept. */
public final class PythonProcess {

    public static final String PYTHON = "/usr/bin/python3";

    public record Result(int exitCode, String stdout, String stderr) {

        /** The lines printed, each ended by a newline. */
        public List<String> stdoutLines() {
            List<String> lines = new ArrayList<>(List.of(stdout.split("\n", -1)));
            lines.remove(lines.size() - 1);
            return lines;
        }

        public String all() {
            return stdout + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr);
        }
    }

    private PythonProcess() {
    }

    /** The project's directory (surefire and failsafe run there). */
    public static Path baseDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** Fails with the install command when python3 or boto3 is missing. */
    public static void requireBoto3() throws Exception {
        Result check = run(baseDir(), List.of("-c", "import boto3"), Map.of(), "", Duration.ofMinutes(1));
        if (check.exitCode() != 0) {
            throw new AssertionError("The worker's tests need Debian's python3 and python3-boto3 at " + PYTHON
                    + " (apt-get install python3 python3-boto3; .ci/run installs them):\n" + check.all());
        }
    }

    /** Runs {@code python3 args...} in {@code dir}; a run past the timeout is killed and reported. */
    public static Result run(Path dir, List<String> args, Map<String, String> environment, String input,
                             Duration timeout) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, "", "Cannot start " + PYTHON + ": " + e.getMessage());
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread out = drain(process.getInputStream(), stdout);
        Thread err = drain(process.getErrorStream(), stderr);
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        out.join(5_000);
        err.join(5_000);
        String errText = stderr.toString(StandardCharsets.UTF_8) + (ended ? "" : "\n[killed after " + timeout + "]");
        return new Result(ended ? process.exitValue() : -1, stdout.toString(StandardCharsets.UTF_8), errText);
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, "python-output");
        thread.start();
        return thread;
    }
}
