package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.cloudwatch.CallLog;
import io.meshwatch.cloudwatch.CloudWatchStandIn;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Meshwatch instances on loopback, one PostgreSQL database, one data grid
 * (a unique cluster name, fixed ports), as an operator runs them behind the
 * gateway: events cross instances, each Modal job has one CloudWatch tail in the
 * whole cluster, and when the tail's instance dies the other takes over within
 * 15 s while every browser gets every line exactly once. The last test kills
 * instance A, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final int HTTP_A = Integer.getInteger("meshwatch.it.cluster.http-a", 18741);
    static final int HTTP_B = Integer.getInteger("meshwatch.it.cluster.http-b", 18742);
    static final int GRID_A = Integer.getInteger("meshwatch.it.cluster.grid-a", 6960);
    static final int GRID_B = Integer.getInteger("meshwatch.it.cluster.grid-b", 6961);
    static final int CW_PORT = Integer.getInteger("meshwatch.it.cluster.cloudwatch.port", 18734);
    /** The failover deadline issue #9 sets. */
    static final Duration TAKEOVER = Duration.ofSeconds(15);
    static final Duration START = Duration.ofSeconds(300);

    static ClusterMember a;
    static ClusterMember b;
    static Api apiA;
    static Api apiB;
    static ModalStandIn modal;
    static CloudWatchStandIn cloudWatch;

    final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        String db = System.getProperty("meshwatch.it.db.url");
        String user = System.getProperty("meshwatch.it.db.user", "postgres");
        String password = System.getProperty("meshwatch.it.db.password", "");
        FreshDatabase.main(new String[] {db, user, password});
        modal = new ModalStandIn();
        cloudWatch = new CloudWatchStandIn(CW_PORT);
        Path dir = Path.of(System.getProperty("meshwatch.it.cluster.dir", "target/cluster-it"));
        String members = "127.0.0.1:" + GRID_A + ",127.0.0.1:" + GRID_B;
        String clusterName = System.getProperty("meshwatch.it.cluster.name", "meshwatch-cluster-it-" + ProcessHandle.current().pid());
        a = ClusterMember.start("a", HTTP_A, GRID_A, members, clusterName, dir, environment(db, user, password, "cluster-a"));
        b = ClusterMember.start("b", HTTP_B, GRID_B, members, clusterName, dir, environment(db, user, password, "cluster-b"));
        a.awaitReady(2, START);
        b.awaitReady(2, START);
        apiA = new Api(a.base());
        apiB = new Api(b.base());
    }

    /** What an operator sets; each instance has its own AWS key so the stand-in can tell their calls apart. */
    static Map<String, String> environment(String db, String user, String password, String awsKey) {
        Map<String, String> env = new HashMap<>();
        env.put("MESHWATCH_DB_URL", db);
        env.put("MESHWATCH_DB_USER", user);
        env.put("MESHWATCH_DB_PASSWORD", password);
        env.put("MESHWATCH_WORK_DIR", Path.of("target", "cluster-it", awsKey + "-jobs").toAbsolutePath().toString());
        env.put("MESHWATCH_LOCAL_COMMAND", System.getProperty("meshwatch.it.local.command"));
        env.put("MODAL_WEBHOOK_SECRET", WebhookIT.SECRET);
        env.put("MODAL_LAUNCH_URL", "http://127.0.0.1:" + ModalStandIn.PORT + "/launch");
        env.put("MODAL_TOKEN_ID", "it-token-id");
        env.put("MODAL_TOKEN_SECRET", "it-token-secret");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + CW_PORT);
        env.put("AWS_REGION", "us-west-1");
        env.put("AWS_ACCESS_KEY_ID", awsKey);
        env.put("AWS_SECRET_ACCESS_KEY", "it-secret-key");
        return env;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, modal, cloudWatch}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(c -> {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
    }

    WsClient connect(URL base, long project) throws InterruptedException {
        WsClient client = WsClient.connect(base, project).registered();
        clients.add(client);
        return client;
    }

    static String startModal(Api api, long project) {
        String jobId = expect(202, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"))
                .getString("job_id");
        api.awaitJob(jobId, job -> job.getString("status").equals("RUNNING"));
        return jobId;
    }

    static void complete(Api api, String jobId) {
        api.completeModal(jobId);
    }

    /** The access keys of the instances that called CloudWatch about the log group. */
    static Set<String> callers(String group) {
        return cloudWatch.callsOfGroup(group).stream().map(CallLog.Call::caller).collect(Collectors.toSet());
    }

    static long count(WsClient client, String event, String jobId) {
        return client.frames().stream()
                .filter(f -> f.getString("event").equals(event) && jobId.equals(WsClient.jobIdOf(f))).count();
    }

    /** Writes lines {@code from..to} (1-based, inclusive) to the job's stream, 10 ms apart in event time. */
    static void write(String jobId, int from, int to) {
        List<String> messages = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            messages.add("cluster line " + i);
        }
        cloudWatch.putEvents("/modal/jobs/" + jobId, "job-" + jobId, messages,
                System.currentTimeMillis() - 30_000 + from * 10L, 10);
    }

    static void assertEveryLineOnce(WsClient client, String jobId, long last, String who) {
        List<Long> seqs = client.seqs(jobId);
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), seqs, who + ": every line once, in order");
    }

    @Test
    @Order(1)
    void aWebhookToOneInstanceReachesBrowsersOnTheOther() throws Exception {
        long project = apiA.createProject("cluster webhook");
        String job = startModal(apiA, project);
        WsClient onB = connect(b.base(), project);

        complete(apiA, job);
        onB.awaitEvent("job_completed", job);

        // A second job, completed the same way, fences the first: its event came after any repeat.
        String fence = startModal(apiA, project);
        complete(apiA, fence);
        onB.awaitEvent("job_completed", fence);
        assertEquals(1, count(onB, "job_completed", job), "job_completed reached B exactly once");
    }

    @Test
    @Order(2)
    void clientsOnBothInstancesShareOneTail() throws Exception {
        long project = apiA.createProject("cluster tail");
        String job = startModal(apiA, project);
        String group = "/modal/jobs/" + job;
        cloudWatch.createGroupAndStream(group, "job-" + job);
        write(job, 1, 100);

        List<WsClient> watchers = new ArrayList<>();
        for (URL base : List.of(a.base(), b.base(), a.base(), b.base())) {
            WsClient client = connect(base, project);
            client.subscribe(job, 0);
            watchers.add(client);
        }
        write(job, 101, 200);
        write(job, 201, 300);
        for (WsClient client : watchers) {
            client.awaitSeq(job, 300);
        }
        Set<String> callers = callers(group);
        assertEquals(1, callers.size(), "one instance tailed the job: callers " + callers);

        complete(apiB, job);
        for (int i = 0; i < watchers.size(); i++) {
            watchers.get(i).awaitEvent("log_end", job);
            assertEveryLineOnce(watchers.get(i), job, 300, "client " + i);
        }
    }

    /**
     * A stalls (SIGSTOP) while it holds a tail: B takes the tail over. When A
     * wakes up it still believes it holds the tail and finishes the poll it was
     * in; the store refuses it (the lease is B's), so no line is stored twice.
     */
    @Test
    @Order(3)
    void aStalledTailOwnerThatWakesUpStoresNothingTwice() throws Exception {
        long project = apiA.createProject("cluster stall");
        String job = startModal(apiA, project);
        String group = "/modal/jobs/" + job;
        cloudWatch.createGroupAndStream(group, "job-" + job);
        write(job, 1, 50);
        WsClient onA = connect(a.base(), project);
        onA.subscribe(job, 0);
        onA.awaitSeq(job, 50);
        WsClient onB = connect(b.base(), project);
        onB.subscribe(job, 0);
        onB.awaitSeq(job, 50);
        assertEquals(Set.of("cluster-a"), callers(group), "A holds the tail");

        long stoppedAt = System.currentTimeMillis();
        a.signal("STOP");
        try {
            write(job, 51, 100);
            awaitFirstCall(group, "cluster-b", stoppedAt);
            onB.awaitSeq(job, 100);
        } finally {
            a.signal("CONT");
        }
        long wokeAt = System.currentTimeMillis();
        write(job, 101, 150);
        onB.awaitSeq(job, 150);
        // A is awake and reading again (its first call after waking is its stale poll).
        awaitFirstCall(group, "cluster-a", wokeAt);
        write(job, 151, 200);
        complete(apiB, job);
        onB.awaitEvent("log_end", job);
        assertEveryLineOnce(onB, job, 200, "client on B");
        assertEquals(200, apiB.awaitEnd(job).getJsonNumber("last_seq").longValue(), "200 lines stored, no more");
        // A's session may or may not have survived the stall; over its connections it has every line once.
        WsClient resumed = onA;
        if (onA.closeCode.isDone()) {
            List<Long> seen = onA.seqs(job);
            resumed = connect(a.base(), project);
            resumed.subscribe(job, seen.isEmpty() ? 0 : seen.get(seen.size() - 1));
        }
        resumed.awaitEvent("log_end", job);
        List<Long> both = new ArrayList<>(onA.seqs(job));
        if (resumed != onA) {
            both.addAll(resumed.seqs(job));
        }
        assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), both, "client on A: every line once");
    }

    @Test
    @Order(4)
    void whenTheTailsInstanceDiesTheOtherTakesOverAndNothingIsLost() throws Exception {
        long project = apiA.createProject("cluster failover");
        String job = startModal(apiA, project);
        String group = "/modal/jobs/" + job;
        cloudWatch.createGroupAndStream(group, "job-" + job);
        write(job, 1, 50);

        // A's client subscribes first, so A takes the tail; B's clients then only stand by.
        WsClient firstOnA = connect(a.base(), project);
        firstOnA.subscribe(job, 0);
        firstOnA.awaitSeq(job, 50);
        WsClient secondOnA = connect(a.base(), project);
        secondOnA.subscribe(job, 0);
        List<WsClient> onB = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WsClient client = connect(b.base(), project);
            client.subscribe(job, 0);
            onB.add(client);
        }
        for (WsClient client : onB) {
            client.awaitSeq(job, 50);
        }
        assertEquals(Set.of("cluster-a"), callers(group), "A holds the tail");

        // A local job runs on A too: when A dies, B must fail it rather than leave it RUNNING.
        String local = apiA.startLocal(project, "slow3000");
        apiA.awaitJob(local, j -> j.getString("status").equals("RUNNING"));

        // The job keeps writing, 10 lines every 100 ms, through the failover.
        AtomicInteger written = new AtomicInteger(50);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(() -> {
            int from = written.get() + 1;
            if (from <= 600) {
                write(job, from, from + 9);
                written.set(from + 9);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            firstOnA.awaitSeq(job, 150);
            long killedAt = System.currentTimeMillis();
            a.kill();

            // B's first read of the job's log after the kill is the takeover.
            long takeover = awaitFirstCall(group, "cluster-b", killedAt) - killedAt;
            System.out.printf("Failover: B took the tail over %d ms after A was killed%n", takeover);
            assertTrue(takeover <= TAKEOVER.toMillis(), "B took over after " + takeover + " ms");

            // A's clients see their connection drop and reconnect to B where they left off.
            List<WsClient> reconnected = new ArrayList<>();
            for (WsClient lost : List.of(firstOnA, secondOnA)) {
                lost.closeCode.handle((code, error) -> null).get(30, TimeUnit.SECONDS);
                List<Long> seen = lost.seqs(job);
                WsClient again = connect(b.base(), project);
                again.subscribe(job, seen.isEmpty() ? 0 : seen.get(seen.size() - 1));
                reconnected.add(again);
            }

            for (WsClient client : onB) {
                client.awaitEvent("job_failed", local);
            }
            String error = apiB.awaitEnd(local).getString("error");
            assertTrue(error.contains("instance that ran this local job stopped"), error);

            for (WsClient client : onB) {
                client.awaitSeq(job, 600);
            }
        } finally {
            writer.shutdownNow();
        }
        complete(apiB, job);
        for (int i = 0; i < onB.size(); i++) {
            onB.get(i).awaitEvent("log_end", job);
            assertEveryLineOnce(onB.get(i), job, 600, "client " + i + " on B");
        }
        List<WsClient> movedClients = clients.subList(clients.size() - 2, clients.size());
        List<WsClient> lostClients = List.of(firstOnA, secondOnA);
        for (int i = 0; i < 2; i++) {
            movedClients.get(i).awaitEvent("log_end", job);
            List<Long> both = new ArrayList<>(lostClients.get(i).seqs(job));
            both.addAll(movedClients.get(i).seqs(job));
            assertEquals(LongStream.rangeClosed(1, 600).boxed().toList(), both,
                    "client " + i + " of A, over both connections: every line once");
        }
    }

    /** Waits (bounded) for the first call on the group by that caller after the time, and returns its time. */
    static long awaitFirstCall(String group, String caller, long after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (CallLog.Call call : cloudWatch.callsOfGroup(group)) {
                if (call.caller().equals(caller) && call.atMillis() >= after) {
                    return call.atMillis();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(caller + " never read " + group + " after the kill");
    }
}
