package io.meshwatch.localrun.control;

import io.meshwatch.job.control.Geometry;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.job.entity.JobStatus;
import io.meshwatch.logstream.entity.LogEnded;
import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import io.meshwatch.platform.JsonText;
import io.meshwatch.platform.Time;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One local job: starts its process, reads stdout and stderr on two threads as
 * they are written, and stores the lines in batches from one pump (the
 * supervisor), so a job's lines get their seqs in the order they were read.
 * A full queue blocks the readers and so the process: nothing is dropped.
 * A background process the job left behind may hold its output open after the
 * job's own process exited: once the output has been quiet for
 * {@link #OUTPUT_GRACE_NANOS} after the exit (or, whatever it prints, after
 * {@link #MAX_AFTER_EXIT_NANOS}), the job ends anyway and what that process
 * prints later is read and discarded. Quiet, not merely late: a busy server may
 * still be storing what the job printed before it exited.
 */
class LocalRun {

    private static final Logger LOG = Logger.getLogger(LocalRun.class.getName());
    static final int BATCH = 500;
    static final int QUEUE = 10_000;
    static final int STDERR_TAIL = 10;
    static final long OUTPUT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long MAX_AFTER_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Environment variables a job's process must not inherit from the server. */
    static final List<String> SECRET_VARIABLES = List.of("MODAL_WEBHOOK_SECRET", "MODAL_TOKEN_ID",
            "MODAL_TOKEN_SECRET", "MESHWATCH_DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    private static final NewLine END_OF_STREAM = new NewLine(Instant.EPOCH, "", "");

    private final JobQueued job;
    private final LocalRunner runner;
    private final BlockingQueue<NewLine> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile Process process;
    /** The job ended while a background process still held its output: readers discard. */
    private volatile boolean detached;
    private long exitedAt;
    private long lastLineAt;
    private long lastSeq;

    LocalRun(JobQueued job, LocalRunner runner) {
        this.job = job;
        this.runner = runner;
    }

    /** The supervisor thread's whole life; it never leaves the job unfinished. */
    void supervise() {
        try {
            if (!runner.jobs.markRunning(job.jobId())) {
                return;
            }
            runProcess();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "Local job " + job.jobId() + " failed inside Meshwatch", e);
            fail("Meshwatch could not run the job: " + e, null);
        } finally {
            runner.producers.deactivate(job.jobId());
            runner.ended(job.jobId());
        }
    }

    private void runProcess() {
        Path workdir = runner.command.workDir().resolve(job.jobId());
        Path input = workdir.resolve("input.geo");
        Path output = workdir.resolve("mesh.msh");
        List<String> argv;
        try {
            Files.createDirectories(workdir);
            Files.writeString(input, Geometry.of(JsonText.value(job.params()).asJsonObject()).geoText(),
                    StandardCharsets.UTF_8);
            argv = runner.command.argv(Map.of(
                    "job_id", job.jobId(),
                    "project_id", String.valueOf(job.projectId()),
                    "strategy", job.strategy(),
                    "workdir", workdir.toString(),
                    "output", output.toString(),
                    "input", input.toString()));
        } catch (IOException | RuntimeException e) {
            fail("Could not prepare the job: " + e.getMessage(), null);
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workdir.toFile());
        Map<String, String> env = builder.environment();
        SECRET_VARIABLES.forEach(env::remove);
        env.put("MESHWATCH_JOB_ID", job.jobId());
        env.put("MESHWATCH_PROJECT_ID", String.valueOf(job.projectId()));
        env.put("MESHWATCH_STRATEGY", job.strategy());
        env.put("MESHWATCH_WORKDIR", workdir.toString());
        env.put("MESHWATCH_OUTPUT", output.toString());
        env.put("MESHWATCH_INPUT", input.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("Could not start the local command '" + argv.get(0) + "': " + reason(e), null);
            return;
        }
        closeQuietly(process);
        reader(process.getInputStream(), NewLine.STDOUT);
        reader(process.getErrorStream(), NewLine.STDERR);
        if (!pump()) {
            kill();
            fail("The job ran longer than MESHWATCH_JOB_TIMEOUT (" + runner.timeout + ") and was stopped", null);
            return;
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            fail("Meshwatch stopped while the job was running", null);
            return;
        }
        store(List.of(system("Process exited with code " + exit)));
        if (exit == 0) {
            String result = Json.createObjectBuilder()
                    .add("success", true)
                    .add("output_path", output.toString())
                    .add("strategy", job.strategy())
                    .add("exit_code", 0)
                    .build().toString();
            finish(new JobStore.Outcome(JobStatus.COMPLETED, result, output.toString(), null, null, 0));
        } else {
            StringBuilder error = new StringBuilder("The local command exited with code " + exit);
            if (!stderrTail.isEmpty()) {
                error.append("; last stderr lines:");
                stderrTail.forEach(line -> error.append('\n').append(line));
            }
            finish(JobStore.Outcome.failed(error.toString(), exit));
        }
    }

    /** Stores lines until both streams end; false when the job timed out first. */
    private boolean pump() {
        long deadline = System.nanoTime() + runner.timeout.toNanos();
        int open = 2;
        List<NewLine> batch = new ArrayList<>(BATCH);
        while (open > 0) {
            NewLine first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (first == null) {
                if (open > 0 && outputHeldOpen()) {
                    detach();
                    return true;
                }
                continue;
            }
            lastLineAt = System.nanoTime();
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            List<NewLine> lines = new ArrayList<>(batch.size());
            for (NewLine line : batch) {
                if (line == END_OF_STREAM) {
                    open--;
                } else {
                    lines.add(line);
                    if (NewLine.STDERR.equals(line.stream())) {
                        if (stderrTail.size() == STDERR_TAIL) {
                            stderrTail.removeFirst();
                        }
                        String text = io.meshwatch.logstream.control.LogText.clean(line.text());
                        stderrTail.addLast(text.length() > 2000 ? text.substring(0, 2000) + " \u2026" : text);
                    }
                }
            }
            batch.clear();
            store(lines);
            if (open > 0 && outputHeldOpen()) {
                detach();
                return true;
            }
        }
        return true;
    }

    /**
     * The process exited, a stream is still open, and nothing came for the grace
     * period since the exit: something else holds it. A pump that is behind (lines
     * still arriving, from the queue or the pipe) is not held open.
     */
    private boolean outputHeldOpen() {
        if (process.isAlive()) {
            return false;
        }
        long now = System.nanoTime();
        if (exitedAt == 0) {
            exitedAt = now;
        }
        long quietSince = lastLineAt - exitedAt > 0 ? lastLineAt : exitedAt;
        return now - quietSince > OUTPUT_GRACE_NANOS || now - exitedAt > MAX_AFTER_EXIT_NANOS;
    }

    private void detach() {
        detached = true;
        List<NewLine> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(line -> line == END_OF_STREAM);
        rest.add(system("The process exited but its output is still open (a background process it started?); "
                + "the job ends here and later output is not captured"));
        store(rest);
    }

    private void reader(InputStream stream, String name) {
        Thread thread = runner.threads.newThread(() -> {
            try (InputStream in = stream) {
                BoundedLineReader lines = new BoundedLineReader(in);
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!detached) {
                        queue.put(new NewLine(Time.now(), name, line));
                    }
                }
            } catch (IOException e) {
                LOG.fine(() -> "Reading " + name + " of " + job.jobId() + " ended: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    if (!detached) {
                        queue.put(END_OF_STREAM);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        thread.setName("local-job-" + job.jobId() + "-" + name);
        thread.start();
    }

    /** Stores lines, retrying while the database is unavailable; the readers wait meanwhile. */
    private void store(List<NewLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        long backoff = 100;
        while (true) {
            try {
                LogLinesAppended stored = runner.logs.append(job.meshId(), lines);
                lastSeq = Math.max(lastSeq, stored.lastSeq());
                return;
            } catch (RuntimeException e) {
                LOG.warning(() -> "Storing log lines of " + job.jobId() + " failed, retrying: " + e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void fail(String error, Integer exitCode) {
        try {
            store(List.of(system(error)));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not store the failure line of " + job.jobId() + ": " + e);
        }
        finish(JobStore.Outcome.failed(error, exitCode));
    }

    /** Ends the job, then tells the push; a failing observer does not change how the job ended. */
    private void finish(JobStore.Outcome outcome) {
        try {
            runner.jobs.finish(job.jobId(), outcome).ifPresent(event -> notify(() -> runner.finished.fire(event)));
        } finally {
            runner.producers.deactivate(job.jobId());
            notify(() -> runner.logEnded.fire(new LogEnded(job.jobId(), job.projectId(), lastSeq)));
        }
    }

    private void notify(Runnable fire) {
        try {
            fire.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of job " + job.jobId() + " failed", e);
        }
    }

    private static NewLine system(String text) {
        return new NewLine(Time.now(), NewLine.SYSTEM, text);
    }

    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void closeQuietly(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the job gets no standard input either way
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = message.indexOf("error=");
        return at >= 0 ? message.substring(at) : message;
    }
}
