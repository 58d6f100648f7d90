import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator for Meshwatch's completion webhook ({@code POST /api/webhooks/modal}).
 * JDK only: {@code java WebhookBench.java --url http://127.0.0.1:PORT --secret S ...}.
 *
 * <ol>
 * <li>Setup: creates a project and {@code warmup + deliveries} Modal jobs
 *     ({@code POST /api/projects/{id}/meshes {"backend":"modal"}}) and waits until
 *     every one is RUNNING (Meshwatch launched it on the stand-in and stored its call id).</li>
 * <li>Warm-up: one signed delivery to each of the first {@code warmup} jobs, unmeasured.</li>
 * <li>distinct: one signed "completed" delivery to each of the other {@code deliveries}
 *     jobs, at {@code concurrency} requests in flight; every one should answer
 *     200 {"status":"applied"}.</li>
 * <li>duplicate: {@code dup-deliveries} repeats of the very first warm-up delivery
 *     (same job, same body, same signature), after {@code dup-warmup} unmeasured ones;
 *     every one should answer 200 {"status":"duplicate"}.</li>
 * </ol>
 * Each phase reports deliveries per second, latency (client side, request sent to
 * answer read) p50/p90/p99/max, answers by HTTP status and by "status" field, and the
 * server's CPU time over the phase from /proc/PID/stat. key=value lines go to --out.
 */
public class WebhookBench {

    static final Map<String, String> OPTS = new LinkedHashMap<>();
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Za-z_]+)\"");
    static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    static String opt(String name, String def) {
        return OPTS.getOrDefault(name, def);
    }

    static int intOpt(String name, int def) {
        return Integer.parseInt(opt(name, String.valueOf(def)));
    }

    static HttpClient http;
    static String base;
    static String secret;
    static long serverPid;
    static int clkTck;
    static final Map<String, String> OUT = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            OPTS.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        base = opt("url", "http://127.0.0.1:8080");
        secret = opt("secret", null);
        if (secret == null) {
            System.err.println("usage: java WebhookBench.java --url http://127.0.0.1:PORT --secret SECRET"
                    + " [--deliveries 10000] [--warmup 2000] [--concurrency 16] [--dup-deliveries 10000]"
                    + " [--dup-warmup 1000] [--max-seconds 300] [--setup-concurrency 8] [--server-pid PID] [--out FILE]");
            System.exit(2);
        }
        int deliveries = intOpt("deliveries", 10000);
        int warmup = intOpt("warmup", 2000);
        int concurrency = intOpt("concurrency", 16);
        int dupDeliveries = intOpt("dup-deliveries", 10000);
        int dupWarmup = intOpt("dup-warmup", 1000);
        int maxSeconds = intOpt("max-seconds", 300);
        int setupConcurrency = intOpt("setup-concurrency", 8);
        serverPid = Long.parseLong(opt("server-pid", "0"));
        clkTck = intOpt("clk-tck", 100);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        // ---- setup
        String project = post("/api/projects", "{\"name\":\"webhook-bench\"}", Map.of()).body();
        Matcher idMatch = ID.matcher(project);
        if (!idMatch.find()) {
            throw new IllegalStateException("No project id in " + project);
        }
        String projectId = idMatch.group(1);
        int jobsNeeded = Math.max(1, warmup) + deliveries;
        String[] jobs = new String[jobsNeeded];
        long setupStart = System.nanoTime();
        Map<String, AtomicLong> setupErrors = new TreeMap<>();
        run(jobsNeeded, setupConcurrency, 0, i -> {
            HttpResponse<String> r = post("/api/projects/" + projectId + "/meshes", "{\"backend\":\"modal\"}", Map.of());
            Matcher m = JOB_ID.matcher(r.body());
            if (r.statusCode() != 202 || !m.find()) {
                synchronized (setupErrors) {
                    setupErrors.computeIfAbsent(r.statusCode() + " " + r.body(), k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            }
            jobs[i] = m.group(1);
            return null;
        });
        if (!setupErrors.isEmpty()) {
            throw new IllegalStateException("Creating jobs failed: " + setupErrors);
        }
        double createSeconds = (System.nanoTime() - setupStart) / 1e9;
        System.out.printf(Locale.ROOT, "created %d Modal jobs in %.1f s (%.0f/s)%n", jobsNeeded, createSeconds,
                jobsNeeded / createSeconds);
        waitRunning(jobs, setupConcurrency, maxSeconds);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        System.out.printf(Locale.ROOT, "all %d jobs RUNNING after %.1f s%n", jobsNeeded, setupSeconds);
        OUT.put("jobs_created", String.valueOf(jobsNeeded));
        OUT.put("jobs_create_per_second", fmt(jobsNeeded / createSeconds));
        OUT.put("setup_seconds", fmt(setupSeconds));

        // ---- warm-up, distinct jobs
        int warm = Math.max(1, warmup);
        String[] bodies = new String[jobsNeeded];
        for (int i = 0; i < jobsNeeded; i++) {
            bodies[i] = body(jobs[i], i);
        }
        phase("warmup", warm, concurrency, maxSeconds, i -> deliver(bodies[i]), false);

        // ---- distinct deliveries, one per job
        phase("distinct", deliveries, concurrency, maxSeconds, i -> deliver(bodies[warm + i]), true);

        // ---- duplicates: the first warm-up delivery again and again
        String duplicate = bodies[0];
        phase("dup_warmup", dupWarmup, concurrency, maxSeconds, i -> deliver(duplicate), false);
        phase("duplicate", dupDeliveries, concurrency, maxSeconds, i -> deliver(duplicate), true);

        // ---- a check that the distinct deliveries really moved the jobs
        int checked = 0, completed = 0;
        for (int i = warm; i < jobsNeeded; i += Math.max(1, deliveries / 50)) {
            checked++;
            if (get("/api/jobs/" + jobs[i]).body().contains("\"status\":\"COMPLETED\"")) {
                completed++;
            }
        }
        OUT.put("sample_jobs_checked", String.valueOf(checked));
        OUT.put("sample_jobs_completed", String.valueOf(completed));
        OUT.put("server_vmhwm_mb", fmt(statusKb("VmHWM") / 1024.0));

        StringBuilder text = new StringBuilder();
        OUT.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        System.out.print(text);
        if (OPTS.containsKey("out")) {
            Files.writeString(Path.of(opt("out", null)), text);
        }
        boolean ok = "0".equals(OUT.get("distinct_errors")) && "0".equals(OUT.get("duplicate_errors"))
                && checked == completed;
        System.exit(ok ? 0 : 1);
    }

    // ------------------------------------------------------------------ phases

    record Answer(int status, String kind) {
    }

    interface Task {
        Object call(int i) throws Exception;
    }

    static void phase(String name, int count, int concurrency, int maxSeconds, Task task, boolean report)
            throws Exception {
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long cpu0 = cpuTicks();
        long start = System.nanoTime();
        int done = run(count, concurrency, maxSeconds, i -> {
            long t0 = System.nanoTime();
            Answer a;
            try {
                a = (Answer) task.call(i);
            } catch (IOException e) {
                a = new Answer(-1, e.getClass().getSimpleName());
            }
            latencies[i] = System.nanoTime() - t0;
            answers.computeIfAbsent(a.status + " " + a.kind, k -> new AtomicLong()).incrementAndGet();
            boolean expected = a.status == 200 && ("distinct".equals(name) || "warmup".equals(name)
                    ? "applied".equals(a.kind) : "duplicate".equals(a.kind));
            if (!expected) {
                errors.incrementAndGet();
            }
            return null;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpuTicks();
        long[] sorted = Arrays.stream(latencies).filter(v -> v >= 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-10s %6d deliveries in %6.2f s = %8.1f/s  p50 %6.2f ms  p99 %6.2f ms"
                        + "  max %7.2f ms  answers %s%n", name, sorted.length, seconds, sorted.length / seconds,
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                new TreeMap<>(answers));
        if (!report) {
            return;
        }
        OUT.put(name + "_deliveries", String.valueOf(sorted.length));
        OUT.put(name + "_planned", String.valueOf(count));
        OUT.put(name + "_concurrency", String.valueOf(concurrency));
        OUT.put(name + "_seconds", fmt(seconds));
        OUT.put(name + "_per_second", fmt(sorted.length / seconds));
        OUT.put(name + "_latency_ms_mean", fmt(Arrays.stream(sorted).average().orElse(0) / 1e6));
        OUT.put(name + "_latency_ms_p50", fmt(pct(sorted, 0.50)));
        OUT.put(name + "_latency_ms_p90", fmt(pct(sorted, 0.90)));
        OUT.put(name + "_latency_ms_p99", fmt(pct(sorted, 0.99)));
        OUT.put(name + "_latency_ms_max", fmt(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        OUT.put(name + "_errors", String.valueOf(errors.get() + (count - done)));
        OUT.put(name + "_answers", new TreeMap<>(answers).toString().replace(' ', '_').replace(",_", ", "));
        double cpuSeconds = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / (double) clkTck;
        OUT.put(name + "_server_cpu_seconds", fmt(cpuSeconds));
        OUT.put(name + "_server_cpu_cores_avg", fmt(cpuSeconds < 0 ? -1 : cpuSeconds / seconds));
        OUT.put(name + "_server_rss_mb_after", fmt(statusKb("VmRSS") / 1024.0));
    }

    /** Runs task(0..count-1) on {@code threads} threads; stops handing out work after maxSeconds (0: never). */
    static int run(int count, int threads, int maxSeconds, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long deadline = maxSeconds > 0 ? System.nanoTime() + maxSeconds * 1_000_000_000L : Long.MAX_VALUE;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    try {
                        task.call(i);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e);
                        return;
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A worker failed", failures.peek());
        }
        return done.get();
    }

    static void waitRunning(String[] jobs, int concurrency, int maxSeconds) throws Exception {
        boolean[] running = new boolean[jobs.length];
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (true) {
            run(jobs.length, concurrency, 0, i -> {
                if (!running[i]) {
                    String body = get("/api/jobs/" + jobs[i]).body();
                    Matcher m = STATUS.matcher(body);
                    if (m.find()) {
                        String status = m.group(1);
                        if ("FAILED".equals(status)) {
                            throw new IllegalStateException("Job " + jobs[i] + " failed to launch: " + body);
                        }
                        running[i] = "RUNNING".equals(status);
                    }
                }
                return null;
            });
            long left = 0;
            for (boolean r : running) {
                if (!r) {
                    left++;
                }
            }
            if (left == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left + " jobs never became RUNNING");
            }
            Thread.sleep(500);
        }
    }

    // --------------------------------------------------------------- HTTP

    static String body(String jobId, int i) {
        return "{\"job_id\":\"" + jobId + "\",\"status\":\"completed\",\"result\":{\"success\":true,"
                + "\"s3_output_path\":\"s3://bench/" + jobId + "/mesh.msh\",\"strategy\":\"tetrahedral\","
                + "\"quality_metrics\":{\"min_jacobian\":0.41,\"elements\":" + (1000 + i) + "}},\"error\":null}";
    }

    static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    static Answer deliver(String body) throws IOException, InterruptedException {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + HexFormat.of().formatHex(MAC.get().doFinal(raw));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/webhooks/modal"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Modal-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(),
                HttpResponse.BodyHandlers.ofString());
        String kind = "none";
        Matcher m = STATUS.matcher(r.body());
        if (m.find()) {
            kind = m.group(1);
        } else if (r.statusCode() != 200) {
            kind = r.body().length() > 60 ? r.body().substring(0, 60) : r.body();
        }
        return new Answer(r.statusCode(), kind);
    }

    static HttpResponse<String> post(String path, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // --------------------------------------------------------------- /proc

    static long cpuTicks() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long statusKb(String key) {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[idx] / 1e6;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
