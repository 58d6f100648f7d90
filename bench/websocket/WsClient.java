import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket clients in one JVM, all watching one job's live log, for the
 * Meshwatch WebSocket benchmark. JDK only (java.net.http): run it as
 * {@code java WsClient.java --url ws://127.0.0.1:PORT/ws/projects/1 --job-id local-1 ...}.
 *
 * <p>All clients connect first. With {@code --warmup-job-id} they then watch an
 * unmeasured warm-up job on the same connections (so the server, this JVM and
 * its JIT are warm), then the measured job. For each job every client
 * subscribes with after_seq 0; once all are subscribed the client creates the
 * job's go file, which lets the paced emitter (bench/common/emit.py) start. It
 * then counts every line each client receives until each got {@code log_end}:
 * lines lost or duplicated per client (seq 1..last_seq exactly once), frames
 * per client, and the latency from a line's {@code ts} (stamped by the server
 * when it read the line) to its receipt, in a log-linear histogram over all
 * lines of all clients. It also reads the server's CPU time (/proc/PID/stat)
 * while idle, at go and at the end, and samples its RSS.
 *
 * <p>{@code --protocol socketio} speaks Engine.IO v4 / Socket.IO v5 over a raw
 * WebSocket ({@code /socket.io/?EIO=4&transport=websocket}) to the comparison
 * server in bench/socketio, so both servers can be measured with the same client.
 *
 * <p>Results: a summary on stdout, and key=value lines in {@code --out}.
 */
public class WsClient {

    // ---------------------------------------------------------------- options

    static final Map<String, String> OPTS = new LinkedHashMap<>();

    static String opt(String name, String def) {
        return OPTS.getOrDefault(name, def);
    }

    static int intOpt(String name, int def) {
        return Integer.parseInt(opt(name, String.valueOf(def)));
    }

    // -------------------------------------------------------------- histogram

    /** Log-linear buckets of microseconds, under 1.6 % apart; values below 128 us exact. */
    static final int BUCKETS = 128 + 40 * 64;

    static int bucket(long micros) {
        if (micros < 128) {
            return (int) Math.max(0, micros);
        }
        int mag = 63 - Long.numberOfLeadingZeros(micros) - 6;
        int idx = 128 + (mag - 1) * 64 + (int) ((micros >> mag) - 64);
        return Math.min(idx, BUCKETS - 1);
    }

    static long bucketValue(int idx) {
        if (idx < 128) {
            return idx;
        }
        int mag = (idx - 128) / 64 + 1;
        long sub = (idx - 128) % 64 + 64;
        return (sub << mag) + ((1L << mag) >> 1);
    }

    // ------------------------------------------------------------ ts parsing

    /** "2026-11-28T13:38:12.526030Z" to epoch microseconds, without allocating per line. */
    static final class TsParser {
        private String dayPrefix = "";
        private long dayMicros;

        long parse(String s, int from, int to) {
            // from..to is the text between the quotes
            if (!s.regionMatches(from, dayPrefix, 0, 11) || dayPrefix.isEmpty()) {
                dayPrefix = s.substring(from, from + 11);
                dayMicros = LocalDate.parse(dayPrefix.substring(0, 10)).toEpochDay() * 86_400_000_000L;
            }
            int p = from + 11;
            long h = two(s, p), m = two(s, p + 3), sec = two(s, p + 6);
            long micros = ((h * 60 + m) * 60 + sec) * 1_000_000L;
            p += 8;
            if (p < to && s.charAt(p) == '.') {
                p++;
                long frac = 0;
                int digits = 0;
                while (p < to && Character.isDigit(s.charAt(p))) {
                    if (digits < 6) {
                        frac = frac * 10 + (s.charAt(p) - '0');
                        digits++;
                    }
                    p++;
                }
                while (digits++ < 6) {
                    frac *= 10;
                }
                micros += frac;
            }
            return dayMicros + micros;
        }

        private static long two(String s, int p) {
            return (s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0');
        }
    }

    static long nowMicros() {
        Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    // ----------------------------------------------------------------- client

    static final Map<String, AtomicLong> ERRORS = new ConcurrentHashMap<>();

    static void error(String what) {
        ERRORS.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** One watched job: its latches and the first and last receipt of a line. */
    static final class Phase {
        final String jobId;
        final CountDownLatch subscribed;
        final CountDownLatch done;
        final AtomicLong firstReceipt = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastReceipt = new AtomicLong();

        Phase(String jobId, int clients) {
            this.jobId = jobId;
            this.subscribed = new CountDownLatch(clients);
            this.done = new CountDownLatch(clients);
        }
    }

    /** What one client saw of one phase. */
    static final class Stats {
        final Phase phase;
        final int[] histogram = new int[BUCKETS];
        final BitSet seen = new BitSet();
        boolean subscribed;
        boolean done;
        /** Frames that carried lines (log_line or log_lines). */
        long frames;
        long lines;
        long duplicates;
        long outOfOrder;
        long maxSeq;
        long lastSeqSeen;
        long endLastSeq = -1;
        long maxLatency;
        double latencySum;

        Stats(Phase phase) {
            this.phase = phase;
        }

        synchronized void markSubscribed() {
            if (!subscribed) {
                subscribed = true;
                phase.subscribed.countDown();
            }
        }

        synchronized void markDone() {
            markSubscribed();
            if (!done) {
                done = true;
                phase.done.countDown();
            }
        }
    }

    static final class Client implements WebSocket.Listener {
        final boolean socketio;
        final CountDownLatch connected;
        final StringBuilder partial = new StringBuilder();
        final TsParser ts = new TsParser();
        WebSocket ws;
        CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
        volatile Stats stats;
        volatile String closed;
        private boolean open;

        Client(boolean socketio, CountDownLatch connected) {
            this.socketio = socketio;
            this.connected = connected;
        }

        synchronized void send(String text) {
            sending = sending.thenCompose(ignored -> ws.sendText(text, true));
        }

        /** Watches a job from now on: new stats, then the subscription. */
        void watch(Phase phase) {
            Stats next = new Stats(phase);
            stats = next;
            if (closed != null) {
                next.markDone();
                return;
            }
            String data = "{\"job_id\":\"" + phase.jobId + "\",\"after_seq\":0}";
            send(socketio ? "42[\"subscribe_logs\"," + data + "]"
                    : "{\"event\":\"subscribe_logs\",\"data\":" + data + "}");
        }

        synchronized void markOpen() {
            if (!open) {
                open = true;
                connected.countDown();
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.ws = webSocket;
            if (!socketio) {
                markOpen();
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
            } else {
                String text;
                if (partial.length() > 0) {
                    partial.append(data);
                    text = partial.toString();
                    partial.setLength(0);
                } else {
                    text = data.toString();
                }
                try {
                    frame(text, nowMicros());
                } catch (RuntimeException e) {
                    error("bad frame: " + e);
                }
            }
            webSocket.request(1);
            return null;
        }

        void frame(String text, long receivedAt) {
            String event;
            if (socketio) {
                if (text.startsWith("2")) { // Engine.IO ping
                    send("3");
                    return;
                }
                if (text.startsWith("0")) { // Engine.IO open: connect to the main namespace
                    send("40");
                    return;
                }
                if (text.startsWith("40")) { // namespace connected
                    markOpen();
                    return;
                }
                if (!text.startsWith("42[\"")) {
                    return;
                }
                int end = text.indexOf('"', 4);
                event = text.substring(4, end);
            } else {
                int at = text.lastIndexOf("\"event\":\"");
                if (at < 0) {
                    error("frame without event");
                    return;
                }
                int end = text.indexOf('"', at + 9);
                event = text.substring(at + 9, end);
            }
            Stats s = stats;
            if (s == null) {
                return;
            }
            switch (event) {
                case "subscribed" -> {
                    if (forJob(text, s)) {
                        s.markSubscribed();
                    }
                }
                case "log_line", "log_lines" -> {
                    if (forJob(text, s)) {
                        lines(text, receivedAt, s);
                    }
                }
                case "log_end" -> {
                    if (forJob(text, s)) {
                        s.endLastSeq = number(text, text.indexOf("\"last_seq\":") + 11);
                        s.markDone();
                    }
                }
                case "job_completed", "job_failed" -> {
                }
                case "error" -> error("error frame: " + text);
                default -> error("unexpected event " + event);
            }
        }

        /** The frame's first job_id (data's job_id comes before its lines in both servers' frames). */
        static boolean forJob(String text, Stats s) {
            int at = text.indexOf("\"job_id\":\"");
            return at >= 0 && text.startsWith(s.phase.jobId + "\"", at + 10);
        }

        void lines(String text, long receivedAt, Stats s) {
            s.frames++;
            s.phase.firstReceipt.accumulateAndGet(receivedAt, Math::min);
            s.phase.lastReceipt.accumulateAndGet(receivedAt, Math::max);
            int p = 0;
            while (true) {
                int at = text.indexOf("\"seq\":", p);
                if (at < 0) {
                    break;
                }
                long seq = number(text, at + 6);
                int t = text.indexOf("\"ts\":\"", at);
                int tEnd = text.indexOf('"', t + 6);
                long tsMicros = ts.parse(text, t + 6, tEnd);
                p = tEnd;
                s.lines++;
                if (seq <= s.lastSeqSeen) {
                    s.outOfOrder++;
                }
                s.lastSeqSeen = seq;
                if (seq > 0 && seq < Integer.MAX_VALUE) {
                    if (s.seen.get((int) seq)) {
                        s.duplicates++;
                    } else {
                        s.seen.set((int) seq);
                    }
                }
                s.maxSeq = Math.max(s.maxSeq, seq);
                long latency = Math.max(0, receivedAt - tsMicros);
                s.histogram[bucket(latency)]++;
                s.latencySum += latency;
                s.maxLatency = Math.max(s.maxLatency, latency);
            }
        }

        static long number(String s, int p) {
            long v = 0;
            while (p < s.length() && (s.charAt(p) == ' ')) {
                p++;
            }
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                v = v * 10 + (s.charAt(p++) - '0');
            }
            return v;
        }

        void gone(String why) {
            if (closed == null) {
                closed = why;
            }
            markOpen();
            Stats s = stats;
            if (s != null && !s.done) {
                error(why + " before log_end");
                s.markDone();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            gone("closed by server: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            gone("socket error: " + error.getClass().getSimpleName());
        }
    }

    // -------------------------------------------------------------- /proc

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the name start at field 3 (state); utime is 14, stime 15
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            OPTS.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opt("url", null);
        String jobId = opt("job-id", "local-1");
        int clients = intOpt("clients", 1000);
        int httpClients = intOpt("http-clients", 4);
        int connectConcurrency = intOpt("connect-concurrency", 64);
        boolean socketio = "socketio".equals(opt("protocol", "meshwatch"));
        long serverPid = Long.parseLong(opt("server-pid", "0"));
        int clkTck = intOpt("clk-tck", 100);
        int timeoutSeconds = intOpt("timeout", 300);
        int idleSeconds = intOpt("idle-seconds", 3);
        String label = opt("label", socketio ? "socketio" : "meshwatch");
        if (url == null) {
            System.err.println("usage: java WsClient.java --url ws://127.0.0.1:PORT/ws/projects/ID --job-id local-2"
                    + " --go-file PATH [--warmup-job-id local-1 --warmup-go-file PATH] [--clients 1000]"
                    + " [--server-pid PID] [--timeout 300] [--out FILE] [--protocol meshwatch|socketio]"
                    + " [--http-clients 4] [--connect-concurrency 64] [--idle-seconds 3] [--label NAME]");
            System.exit(2);
        }

        List<HttpClient> pool = new ArrayList<>();
        for (int i = 0; i < httpClients; i++) {
            pool.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .executor(Executors.newFixedThreadPool(2, r -> {
                        Thread t = new Thread(r, "ws-listener");
                        t.setDaemon(true);
                        return t;
                    })).build());
        }
        CountDownLatch connected = new CountDownLatch(clients);
        List<Client> all = new ArrayList<>();
        Semaphore connecting = new Semaphore(connectConcurrency);
        long connectStart = System.nanoTime();
        URI uri = URI.create(url);
        for (int i = 0; i < clients; i++) {
            Client client = new Client(socketio, connected);
            all.add(client);
            connecting.acquire();
            pool.get(i % pool.size()).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, client)
                    .whenComplete((ws, e) -> {
                        connecting.release();
                        if (e != null) {
                            error("connect failed: " + rootMessage(e));
                            client.gone("connect failed");
                        }
                    });
        }
        if (!connected.await(timeoutSeconds, TimeUnit.SECONDS)) {
            error("not all clients connected within the timeout");
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf(Locale.ROOT, "[%s] %d of %d clients connected in %.1f s%n", label,
                all.stream().filter(c -> c.closed == null).count(), clients, connectSeconds);

        if (OPTS.containsKey("warmup-job-id")) {
            Phase warm = new Phase(opt("warmup-job-id", null), clients);
            long t0 = System.nanoTime();
            boolean ok = watch(all, warm, Path.of(opt("warmup-go-file", null)), timeoutSeconds);
            System.out.printf(Locale.ROOT, "[%s] warm-up job %s watched by all in %.1f s%s%n", label, warm.jobId,
                    (System.nanoTime() - t0) / 1e9, ok ? "" : " (TIMED OUT)");
        }
        Map<String, String> errorsBefore = new LinkedHashMap<>();
        ERRORS.forEach((k, v) -> errorsBefore.put(k, v.toString()));
        ERRORS.clear();

        Phase phase = new Phase(jobId, clients);
        for (Client c : all) {
            c.watch(phase);
        }
        if (!phase.subscribed.await(timeoutSeconds, TimeUnit.SECONDS)) {
            error("not all clients subscribed within the timeout");
        }
        long subscribed = all.stream().filter(c -> c.closed == null && c.stats.subscribed).count();
        System.out.printf(Locale.ROOT, "[%s] %d of %d clients subscribed to %s%n", label, subscribed, clients, jobId);

        // The server's CPU while every client is subscribed but no line flows.
        long idle0 = cpuTicks(serverPid);
        long idleStart = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long idle1 = cpuTicks(serverPid);
        double idleCores = idle0 < 0 || idle1 < 0 || idleSeconds == 0 ? -1
                : (idle1 - idle0) / (double) clkTck / ((System.nanoTime() - idleStart) / 1e9);

        // Sample the server's RSS while the log streams.
        long[] rssMax = {statusKb(serverPid, "VmRSS")};
        long rssBefore = rssMax[0];
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });
        if (serverPid > 0) {
            sampler.scheduleAtFixedRate(() -> {
                long rss = statusKb(serverPid, "VmRSS");
                synchronized (rssMax) {
                    rssMax[0] = Math.max(rssMax[0], rss);
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        }
        long self = ProcessHandle.current().pid();
        long serverCpu0 = cpuTicks(serverPid);
        long clientCpu0 = cpuTicks(self);
        long goNanos = System.nanoTime();
        Files.writeString(Path.of(opt("go-file", null)), "go\n");
        boolean allDone = phase.done.await(timeoutSeconds, TimeUnit.SECONDS);
        long endNanos = System.nanoTime();
        long serverCpu1 = cpuTicks(serverPid);
        long clientCpu1 = cpuTicks(self);
        sampler.shutdownNow();
        long hwm = statusKb(serverPid, "VmHWM");
        if (!allDone) {
            error("timeout: " + phase.done.getCount() + " clients never got log_end");
        }

        // Merge.
        long[] merged = new long[BUCKETS];
        long totalLines = 0, totalDup = 0, totalOoo = 0, maxLatency = 0;
        double latencySum = 0;
        long minFrames = Long.MAX_VALUE, maxFrames = 0, sumFrames = 0;
        long minLines = Long.MAX_VALUE, maxLines = 0;
        long expected = 0;
        List<Stats> stats = new ArrayList<>();
        for (Client c : all) {
            stats.add(c.stats);
        }
        for (Stats s : stats) {
            synchronized (s) {
                expected = Math.max(expected, s.endLastSeq >= 0 ? s.endLastSeq : s.maxSeq);
            }
        }
        int cleanClients = 0, badClients = 0;
        long lostVsJob = 0;
        for (int i = 0; i < all.size(); i++) {
            Stats s = stats.get(i);
            synchronized (s) {
                for (int b = 0; b < BUCKETS; b++) {
                    merged[b] += s.histogram[b];
                }
                long lost = expected - s.seen.get(1, (int) expected + 1).cardinality();
                lostVsJob += lost;
                totalLines += s.lines;
                totalDup += s.duplicates;
                totalOoo += s.outOfOrder;
                latencySum += s.latencySum;
                maxLatency = Math.max(maxLatency, s.maxLatency);
                minFrames = Math.min(minFrames, s.frames);
                maxFrames = Math.max(maxFrames, s.frames);
                sumFrames += s.frames;
                minLines = Math.min(minLines, s.lines);
                maxLines = Math.max(maxLines, s.lines);
                if (s.endLastSeq > 0 && lost == 0 && s.duplicates == 0 && all.get(i).closed == null) {
                    cleanClients++;
                } else {
                    badClients++;
                }
            }
        }
        double windowSeconds = (endNanos - goNanos) / 1e9;
        long firstReceipt = phase.firstReceipt.get();
        double deliverySeconds = firstReceipt == Long.MAX_VALUE ? 0
                : (phase.lastReceipt.get() - firstReceipt) / 1e6;
        Map<String, String> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("clients", String.valueOf(clients));
        out.put("clients_subscribed", String.valueOf(subscribed));
        out.put("clients_clean", String.valueOf(cleanClients));
        out.put("clients_with_problems", String.valueOf(badClients));
        out.put("connect_seconds", fmt(connectSeconds));
        out.put("job_id", jobId);
        out.put("job_last_seq", String.valueOf(expected));
        out.put("lines_received_total", String.valueOf(totalLines));
        out.put("lines_per_client_min", String.valueOf(minLines == Long.MAX_VALUE ? 0 : minLines));
        out.put("lines_per_client_max", String.valueOf(maxLines));
        out.put("lines_lost_total", String.valueOf(lostVsJob));
        out.put("lines_duplicated_total", String.valueOf(totalDup));
        out.put("lines_out_of_order_total", String.valueOf(totalOoo));
        out.put("frames_total", String.valueOf(sumFrames));
        out.put("frames_per_client_min", String.valueOf(minFrames == Long.MAX_VALUE ? 0 : minFrames));
        out.put("frames_per_client_avg", fmt(clients == 0 ? 0 : (double) sumFrames / clients));
        out.put("frames_per_client_max", String.valueOf(maxFrames));
        out.put("window_seconds", fmt(windowSeconds));
        out.put("delivery_seconds", fmt(deliverySeconds));
        out.put("lines_per_second_all_clients", fmt(deliverySeconds > 0 ? totalLines / deliverySeconds : 0));
        out.put("latency_ms_mean", fmt(totalLines == 0 ? 0 : latencySum / totalLines / 1000));
        out.put("latency_ms_p50", fmt(percentile(merged, 0.50) / 1000.0));
        out.put("latency_ms_p90", fmt(percentile(merged, 0.90) / 1000.0));
        out.put("latency_ms_p99", fmt(percentile(merged, 0.99) / 1000.0));
        out.put("latency_ms_p999", fmt(percentile(merged, 0.999) / 1000.0));
        out.put("latency_ms_max", fmt(maxLatency / 1000.0));
        double serverCpuSeconds = serverCpu0 < 0 || serverCpu1 < 0 ? -1 : (serverCpu1 - serverCpu0) / (double) clkTck;
        double clientCpuSeconds = (clientCpu1 - clientCpu0) / (double) clkTck;
        out.put("server_cpu_seconds", fmt(serverCpuSeconds));
        out.put("server_cpu_cores_avg", fmt(serverCpuSeconds < 0 ? -1 : serverCpuSeconds / windowSeconds));
        out.put("server_cpu_cores_idle", fmt(idleCores));
        out.put("server_rss_mb_before", fmt(rssBefore / 1024.0));
        out.put("server_rss_mb_peak_sampled", fmt(rssMax[0] / 1024.0));
        out.put("server_vmhwm_mb", fmt(hwm / 1024.0));
        out.put("client_cpu_seconds", fmt(clientCpuSeconds));
        out.put("client_cpu_cores_avg", fmt(clientCpuSeconds / windowSeconds));
        out.put("errors", ERRORS.isEmpty() ? "none" : ERRORS.toString().replace('\n', ' '));
        out.put("errors_before_measuring", errorsBefore.isEmpty() ? "none" : errorsBefore.toString().replace('\n', ' '));

        StringBuilder text = new StringBuilder();
        out.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        System.out.print(text);
        if (OPTS.containsKey("out")) {
            Files.writeString(Path.of(opt("out", null)), text);
        }
        for (Client c : all) {
            if (c.ws != null) {
                try {
                    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }
        Thread.sleep(500);
        boolean ok = allDone && badClients == 0 && lostVsJob == 0 && totalDup == 0;
        System.exit(ok ? 0 : 1);
    }

    /** Subscribes every client to the phase's job, creates its go file, waits for every log_end. */
    static boolean watch(List<Client> all, Phase phase, Path goFile, int timeoutSeconds) throws Exception {
        for (Client c : all) {
            c.watch(phase);
        }
        if (!phase.subscribed.await(timeoutSeconds, TimeUnit.SECONDS)) {
            error("not all clients subscribed to " + phase.jobId + " within the timeout");
        }
        Files.writeString(goFile, "go\n");
        return phase.done.await(timeoutSeconds, TimeUnit.SECONDS);
    }

    static long percentile(long[] histogram, double q) {
        long total = 0;
        for (long v : histogram) {
            total += v;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return bucketValue(i);
            }
        }
        return bucketValue(histogram.length - 1);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
