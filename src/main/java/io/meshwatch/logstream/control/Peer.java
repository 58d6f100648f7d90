package io.meshwatch.logstream.control;

import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.entity.StoredLine;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One WebSocket session, run as an actor: everything that concerns it (a
 * subscription, a live batch, a finished send) is a command in its mailbox,
 * handled one at a time on the managed executor, so its state needs no locks
 * and a slow session never blocks a producer or another session. Frames go out
 * one at a time, as shared pre-framed bytes where the container allows it
 * ({@link RawFrameSender}) and through the async remote otherwise; a session
 * whose queue outgrows the limit is closed with 1013 and resumes with
 * {@code after_seq} on reconnect.
 */
final class Peer {

    private static final Logger LOG = Logger.getLogger(Peer.class.getName());
    static final int PAGE = 500;
    /** Catch-up reads the next page only when the queue is this short. */
    static final int LOW_WATER = 2;
    static final int MAX_MAILBOX = 10_000;
    static final CloseReason TOO_SLOW = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Too slow to keep up: reconnect and resume with after_seq");

    final Session session;
    final long projectId;
    final String address;
    private final LogSessions owner;
    private final Executor executor;
    /** Null where the container only takes {@code sendText}. */
    private final RawFrameSender raw;

    private final ConcurrentLinkedQueue<Consumer<Peer>> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long pingSentAt;
    private volatile long lastPingAt = System.nanoTime();
    private volatile boolean sentSincePing;
    /** A raw write the container had not finished when it returned; the probe collects it. */
    private volatile Future<?> unfinishedWrite;

    // Confined to the actor.
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final ArrayDeque<OutFrame> outbox = new ArrayDeque<>();
    private boolean sending;

    Peer(Session session, long projectId, String address, LogSessions owner, Executor executor,
            RawFrameSender raw) {
        this.session = session;
        this.projectId = projectId;
        this.address = address;
        this.owner = owner;
        this.executor = executor;
        this.raw = raw;
    }

    boolean sendsRawFrames() {
        return raw != null;
    }

    /** Queues a command; callable from any thread. */
    void post(Consumer<Peer> command) {
        if (closed) {
            return;
        }
        if (pending.incrementAndGet() > MAX_MAILBOX) {
            close(TOO_SLOW);
            return;
        }
        mailbox.add(command);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Consumer<Peer> command;
            int handled = 0;
            while (handled++ < 256 && (command = mailbox.poll()) != null) {
                pending.decrementAndGet();
                try {
                    command.accept(this);
                    if (!sending && !closed) {
                        pump();
                    }
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Session " + session.getId() + ": " + e);
                    send(Frames.error("internal_error", "The server could not handle that; see its log"));
                }
            }
        } finally {
            scheduled.set(false);
            if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }
    }

    // ---- commands, run on the actor ----

    void send(String frame) {
        send(new OutFrame(frame));
    }

    void send(OutFrame frame) {
        if (closed) {
            return;
        }
        outbox.add(frame);
        if (outbox.size() > owner.settings.maxQueuedFrames()) {
            close(TOO_SLOW);
            return;
        }
        pump();
    }

    private void pump() {
        if (sending || closed) {
            return;
        }
        OutFrame next = outbox.poll();
        if (next == null) {
            fill();
            return;
        }
        sending = true;
        sentSincePing = true;
        try {
            if (raw != null) {
                Future<?> write = raw.send(next.wire());
                if (write.isDone()) {
                    post(peer -> peer.sent(succeeded(write)));
                } else {
                    owner.writesFinishedLater.incrementAndGet();
                    unfinishedWrite = write;
                }
            } else {
                session.getAsyncRemote().sendText(next.text, result -> post(peer -> peer.sent(result.isOK())));
            }
        } catch (RuntimeException e) {
            close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Send failed"));
        }
        if (outbox.size() < LOW_WATER) {
            fill();
        }
    }

    private static boolean succeeded(Future<?> write) {
        try {
            write.get();
            return true;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sent(boolean ok) {
        sending = false;
        if (!ok) {
            close(TOO_SLOW);
            return;
        }
        owner.framesSent.incrementAndGet();
        pump();
    }

    void subscribe(String jobId, long afterSeq) {
        if (closed) {
            return;
        }
        if (subscriptions.containsKey(jobId)) {
            subscriptions.remove(jobId);
            owner.unwatch(this, jobId);
        }
        if (subscriptions.size() >= owner.settings.maxSubscriptionsPerSession()) {
            send(Frames.error("too_many_subscriptions",
                    "At most " + owner.settings.maxSubscriptionsPerSession() + " jobs per session"));
            return;
        }
        // Watch first, then read: a batch stored after this point reaches us live,
        // one stored before it is within the job's last_seq read below.
        owner.watch(this, jobId);
        boolean producing;
        MeshResult job;
        try {
            producing = owner.producers.isActive(jobId);
            job = owner.jobs.findByJobId(jobId).orElse(null);
        } catch (RuntimeException e) {
            owner.unwatch(this, jobId);
            throw e;
        }
        if (job == null || job.getProjectId() != projectId) {
            owner.unwatch(this, jobId);
            send(Frames.error("unknown_job", "No job " + jobId + " in project " + projectId));
            return;
        }
        send(Frames.of("subscribed", new Frames.Subscribed(jobId, job.getStatus().name(), job.getLastSeq())));
        Subscription subscription = new Subscription(jobId, job.getId(), afterSeq, job.getLastSeq());
        if (job.getStatus().isFinal() && !producing) {
            subscription.endSeq = job.getLastSeq();
        }
        subscriptions.put(jobId, subscription);
        progress(subscription);
    }

    void unsubscribe(String jobId) {
        if (subscriptions.remove(jobId) != null) {
            owner.unwatch(this, jobId);
        }
    }

    void live(LiveBatch batch) {
        Subscription subscription = subscriptions.get(batch.jobId);
        if (subscription == null) {
            return;
        }
        subscription.target = Math.max(subscription.target, batch.lastSeq());
        if (subscription.filling || batch.lastSeq() <= subscription.cursor) {
            return;
        }
        if (batch.firstSeq() == subscription.cursor + 1) {
            send(batch.frame());
            subscription.cursor = batch.lastSeq();
        } else if (batch.firstSeq() <= subscription.cursor) {
            send(batch.frameAfter(subscription.cursor));
            subscription.cursor = batch.lastSeq();
        } else {
            // A gap: lines this session has not seen are in the database.
            subscription.filling = true;
            fill();
        }
        progress(subscription);
    }

    void ended(String jobId, long lastSeq) {
        Subscription subscription = subscriptions.get(jobId);
        if (subscription != null) {
            subscription.endSeq = lastSeq;
            subscription.target = Math.max(subscription.target, lastSeq);
            if (subscription.cursor < lastSeq) {
                subscription.filling = true;
            }
            progress(subscription);
        }
    }

    /** Reads the next page of every filling subscription while the queue is short. */
    private void fill() {
        if (closed) {
            return;
        }
        for (Subscription subscription : new ArrayList<>(subscriptions.values())) {
            if (!subscription.filling || outbox.size() >= LOW_WATER) {
                continue;
            }
            List<StoredLine> page = owner.logs.after(subscription.meshResultId, subscription.cursor, PAGE);
            if (!page.isEmpty()) {
                subscription.cursor = page.get(page.size() - 1).seq();
                outbox.add(new OutFrame(Frames.batch(subscription.jobId, page)));
            }
            if (page.size() < PAGE && subscription.cursor >= subscription.target) {
                subscription.filling = false;
            } else if (page.isEmpty()) {
                subscription.filling = false;
            }
            progress(subscription);
        }
        if (!sending && !outbox.isEmpty()) {
            pump();
        }
    }

    /** Ends a subscription whose job is over once every line went out. */
    private void progress(Subscription subscription) {
        if (subscription.complete() && subscriptions.remove(subscription.jobId) != null) {
            outbox.add(new OutFrame(Frames.of("log_end", new Frames.LogEndData(subscription.jobId, subscription.endSeq))));
            owner.unwatch(this, subscription.jobId);
            if (!sending) {
                pump();
            }
        }
    }

    /** Unwatches everything; called once the session is gone. Runs after every queued command. */
    void release() {
        closed = true;
        mailbox.add(peer -> {
            peer.subscriptions.keySet().forEach(jobId -> owner.unwatch(peer, jobId));
            peer.subscriptions.clear();
            peer.outbox.clear();
        });
        pending.incrementAndGet();
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    void close(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        owner.closedForSlowness(this, reason);
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "Closing session " + session.getId() + ": " + e);
        }
    }

    /**
     * Pings when the session was sent something, or was idle for a ping interval,
     * and no ping is out; a ping unanswered for the send timeout means the client
     * cannot keep up (the pong waits behind everything queued for it). Runs on
     * the probe timer, not the actor.
     */
    void probe(long now, long timeoutNanos, long idleNanos) {
        if (closed) {
            return;
        }
        Future<?> write = unfinishedWrite;
        if (write != null && write.isDone()) {
            unfinishedWrite = null;
            post(peer -> peer.sent(succeeded(write)));
        }
        long sentAt = pingSentAt;
        if (sentAt != 0) {
            if (now - sentAt > timeoutNanos) {
                close(TOO_SLOW);
            }
            return;
        }
        if (sentSincePing || now - lastPingAt > idleNanos) {
            sentSincePing = false;
            lastPingAt = now;
            pingSentAt = now;
            try {
                session.getAsyncRemote().sendPing(java.nio.ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                // The container may refuse a ping while a frame is being written; try again
                // next time. Only an unanswered ping closes a session.
                pingSentAt = 0;
                LOG.fine(() -> "Ping to session " + session.getId() + " not sent: " + e);
            }
        }
    }

    void pong() {
        pingSentAt = 0;
    }
}
