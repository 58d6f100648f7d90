package io.meshwatch.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Meshwatch instance of a test cluster: the built WAR on Payara Micro,
 * started the way DESIGN.md says (plus the data grid's options), in a process
 * of its own so a test can kill it like a crashed machine.
 */
final class ClusterMember implements AutoCloseable {

    final String name;
    final int httpPort;
    final Path log;
    private final Process process;

    private ClusterMember(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts an instance; {@code members} is the grid's member list
     * ({@code 127.0.0.1:6960,127.0.0.1:6961}), {@code gridPort} this one's port in it.
     */
    static ClusterMember start(String name, int httpPort, int gridPort, String members, String clusterName,
                               Path dir, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        // A reused --rootdir deploys the WAR it kept from last time as well (STACK.md pitfall 9).
        Path root = dir.resolve(name + "-root");
        if (Files.exists(root)) {
            try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Djava.io.tmpdir=" + dir,
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("meshwatch.war"),
                "--contextroot", "/", "--port", String.valueOf(httpPort),
                "--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1",
                "--startport", String.valueOf(gridPort), "--clustername", clusterName,
                "--rootdir", root.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ClusterMember(name, httpPort, log, builder.start());
    }

    URL base() {
        try {
            return URI.create("http://127.0.0.1:" + httpPort + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until /health/ready answers 200 and the server's log shows a data grid of {@code size}. */
    void awaitReady(int size, Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ready = false;
        boolean grid = false;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (!ready) {
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create(base() + "health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException e) {
                    // not listening yet
                }
            }
            grid = grid || logText().contains("DG Size: " + size);
            if (ready && grid) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready (health " + ready + ", grid of " + size + " " + grid + ") in "
                + timeout + "; see " + log);
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Kills the instance and everything it started at once, as a crashed machine would lose them. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
    }

    /** Sends a signal: STOP stalls the whole instance (a long GC pause, a frozen VM), CONT wakes it. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
