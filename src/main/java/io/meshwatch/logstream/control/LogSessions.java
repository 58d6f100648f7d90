package io.meshwatch.logstream.control;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobStatus;
import io.meshwatch.logstream.entity.LogEnded;
import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.platform.JsonText;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The live push: sessions in rooms per project, the sessions watching each job,
 * and the observers that turn stored lines and finished jobs into frames. One
 * producer per job feeds it however many sessions watch; each session is a
 * {@link Peer} with its own queue.
 */
@ApplicationScoped
public class LogSessions {

    private static final Logger LOG = Logger.getLogger(LogSessions.class.getName());
    /** Lines in a catch-up page, and the block size pages are aligned to. */
    static final int PAGE_LINES = 500;

    @Inject
    PushSettings settings;

    @Inject
    JobStore jobs;

    @Inject
    LogStore logs;

    @Inject
    LogProducers producers;

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedScheduledExecutorService scheduler;

    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong slowClosed = new AtomicLong();
    final AtomicLong writesFinishedLater = new AtomicLong();
    final AtomicLong fellBehind = new AtomicLong();

    /** The sessions' actors run here: threads from the container, tasks handed over without context capture. */
    ExecutorService executor;
    CatchUpPages pages;
    /** The sessions' container idle timers (see {@link TyrusIdleTimer}). */
    private ScheduledThreadPoolExecutor idleTimer;

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Map<Long, Set<Peer>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<Peer>> watchers = new ConcurrentHashMap<>();
    private final Map<String, JobFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private ScheduledFuture<?> pinger;

    /**
     * Starts the actors' threads (here, in the application's context, which each
     * thread keeps) and, once a second, the probe: keep-alive pings, and closing
     * sessions whose pings go unanswered.
     */
    @PostConstruct
    void start() {
        int threads = settings.pushThreads();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threadFactory);
        pool.prestartAllCoreThreads();
        executor = pool;
        idleTimer = new ScheduledThreadPoolExecutor(1, threadFactory);
        idleTimer.setRemoveOnCancelPolicy(true);
        idleTimer.prestartAllCoreThreads();
        pages = new CatchUpPages(PAGE_LINES, settings.catchUpCacheBytes(), logs::after);
        pinger = scheduler.scheduleAtFixedRate(this::probe, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (idleTimer != null) {
            idleTimer.shutdownNow();
        }
    }

    /** Adds a session to its project's room; false when its address has too many already. */
    public boolean join(Session session, long projectId, String address) {
        Integer count = perAddress.merge(address, 1, Integer::sum);
        if (count > settings.maxSessionsPerAddress()) {
            perAddress.computeIfPresent(address, (a, c) -> c > 1 ? c - 1 : null);
            return false;
        }
        // Without a send timeout Tyrus waits for a stalled client for ever (STACK.md pitfall 11).
        session.getAsyncRemote().setSendTimeout(settings.sendTimeout().toMillis());
        RawFrameSender raw = settings.sharedFrames() ? RawFrameSender.of(session).orElse(null) : null;
        TyrusIdleTimer.use(session, idleTimer);
        Peer peer = new Peer(session, projectId, address, this, executor, raw);
        peers.put(session.getId(), peer);
        rooms.compute(projectId, (id, room) -> withPeer(room, peer));
        return true;
    }

    /** Removes a session, from @OnClose or @OnError; safe to call twice. */
    public void leave(Session session) {
        Peer peer = peers.remove(session.getId());
        if (peer == null) {
            return;
        }
        rooms.computeIfPresent(peer.projectId, (id, room) -> {
            room.remove(peer);
            return room.isEmpty() ? null : room;
        });
        perAddress.computeIfPresent(peer.address, (a, c) -> c > 1 ? c - 1 : null);
        peer.release();
    }

    public void subscribe(Session session, String jobId, long afterSeq) {
        withPeer(session).post(peer -> peer.subscribe(jobId, afterSeq));
    }

    public void unsubscribe(Session session, String jobId) {
        withPeer(session).post(peer -> peer.unsubscribe(jobId));
    }

    public void sendError(Session session, String code, String message) {
        String frame = Frames.error(code, message);
        withPeer(session).post(peer -> peer.send(frame));
    }

    private Peer withPeer(Session session) {
        Peer peer = peers.get(session.getId());
        if (peer == null) {
            throw new IllegalStateException("Session " + session.getId() + " is not registered");
        }
        return peer;
    }

    void watch(Peer peer, String jobId) {
        watchers.compute(jobId, (id, watching) -> withPeer(watching, peer));
        try {
            producers.watch(jobId);
        } catch (RuntimeException e) {
            watchers.computeIfPresent(jobId, (id, set) -> {
                set.remove(peer);
                return set.isEmpty() ? null : set;
            });
            throw e;
        }
    }

    void unwatch(Peer peer, String jobId) {
        boolean[] removed = {false};
        watchers.computeIfPresent(jobId, (id, set) -> {
            removed[0] = set.remove(peer);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            producers.unwatch(jobId);
            if (!watchers.containsKey(jobId)) {
                pages.forget(jobId);
                JobFeed feed = feeds.remove(jobId);
                if (feed != null) {
                    feed.flush();
                }
            }
        }
    }

    /** Adds inside the map's own atomic step: a set that a leaving peer just emptied is never reused. */
    private static Set<Peer> withPeer(Set<Peer> set, Peer peer) {
        Set<Peer> result = set == null ? ConcurrentHashMap.newKeySet() : set;
        result.add(peer);
        return result;
    }

    void closedForSlowness(Peer peer, CloseReason reason) {
        if (reason.getCloseCode() == CloseReason.CloseCodes.TRY_AGAIN_LATER) {
            slowClosed.incrementAndGet();
            LOG.info(() -> "Closed a session with 1013 (" + peer.address + "): " + reason.getReasonPhrase());
        }
        leave(peer.session);
    }

    void onAppended(@Observes LogLinesAppended appended) {
        guarded("lines of " + appended.jobId(), () -> fanOut(appended));
    }

    private void fanOut(LogLinesAppended appended) {
        if (!watchers.containsKey(appended.jobId())) {
            return;
        }
        feeds.computeIfAbsent(appended.jobId(), id -> new JobFeed(id, settings.batchLines(), this::dispatch,
                task -> scheduler.schedule(task, settings.batchWindow().toMillis(), TimeUnit.MILLISECONDS)))
                .offer(appended.lines());
    }

    void onFinished(@Observes JobFinished finished) {
        guarded("the end of " + finished.jobId(), () -> announce(finished));
    }

    private void announce(JobFinished finished) {
        flush(finished.jobId());
        OutFrame frame = new OutFrame(finished.status() == JobStatus.COMPLETED
                ? Frames.of("job_completed", new Frames.JobCompletedData(finished.jobId(), finished.projectId(),
                        JsonText.value(finished.result())))
                : Frames.of("job_failed", new Frames.JobFailedData(finished.jobId(), finished.projectId(),
                        finished.error())));
        Set<Peer> room = rooms.get(finished.projectId());
        if (room != null) {
            room.forEach(peer -> peer.post(p -> p.send(frame)));
        }
    }

    void onEnded(@Observes LogEnded ended) {
        guarded("the log end of " + ended.jobId(), () -> endLog(ended));
    }

    private void endLog(LogEnded ended) {
        flush(ended.jobId());
        feeds.remove(ended.jobId());
        Set<Peer> watching = watchers.get(ended.jobId());
        if (watching != null) {
            watching.forEach(peer -> peer.post(p -> p.ended(ended.jobId(), ended.lastSeq())));
        }
    }

    /** The push never fails the producer that fired the event. */
    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "Pushing " + what + " failed", e);
        }
    }

    private void flush(String jobId) {
        JobFeed feed = feeds.get(jobId);
        if (feed != null) {
            feed.flush();
        }
    }

    private void dispatch(LiveBatch batch) {
        Set<Peer> watching = watchers.get(batch.jobId);
        if (watching != null) {
            // Encoded here, once, before a thousand sessions want it at the same moment.
            batch.frame().wire();
            pages.stored(batch.jobId, batch.lastSeq());
            watching.forEach(peer -> peer.post(p -> p.live(batch)));
        }
    }

    private void probe() {
        long now = System.nanoTime();
        long timeout = settings.sendTimeout().toNanos();
        long idle = settings.pingInterval().toNanos();
        for (Peer peer : peers.values()) {
            try {
                peer.probe(now, timeout, idle);
            } catch (RuntimeException e) {
                LOG.fine(() -> "Probing a session failed: " + e);
            }
        }
    }

    /** A pong arrived: the client read everything written before the ping it echoes. */
    public void pong(Session session, ByteBuffer data) {
        Peer peer = peers.get(session.getId());
        if (peer != null && data != null && data.remaining() == Long.BYTES) {
            long mark = data.getLong(data.position());
            peer.post(p -> p.pong(mark));
        }
    }

    public int sessionCount() {
        return peers.size();
    }

    /** Sessions sent shared pre-framed bytes rather than {@code sendText}. */
    public long rawFrameSessions() {
        return peers.values().stream().filter(Peer::sendsRawFrames).count();
    }

    public long writesFinishedLater() {
        return writesFinishedLater.get();
    }

    public int watchedJobCount() {
        return watchers.size();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long slowSessionsClosed() {
        return slowClosed.get();
    }

    /** Times a subscription's live frames piled up and it caught up from the store instead. */
    public long fellBehind() {
        return fellBehind.get();
    }

    public long catchUpReads() {
        return pages.reads.get();
    }

    public long catchUpHits() {
        return pages.hits.get();
    }

    public long catchUpCacheBytes() {
        return pages.keptBytes();
    }
}
