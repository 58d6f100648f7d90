package io.meshwatch.logstream.control;

import io.meshwatch.job.entity.MeshResult;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket session, run as an actor: everything that concerns it (a
 * subscription, a live batch, a pong) is a command in its mailbox, handled one
 * at a time on the push's threads, so its state needs no locks and a slow
 * session never blocks a producer or another session.
 *
 * <p>Frames go out as shared pre-framed bytes where the container allows it
 * ({@link RawWriter}), paced by a byte window: a ping follows the frames, its
 * pong says the client has read everything before it, and at most
 * {@code windowBytes} may be written and not yet acknowledged (a ping goes out
 * every half window). Otherwise they go
 * one at a time through the async remote's {@code sendText}.
 *
 * <p>A subscription follows the live batches while it keeps up. When its live
 * frames pile up (the client, or the whole server, fell behind) it drops the
 * ones not yet written and catches up from the store instead, in pages that
 * every session at the same place shares ({@link CatchUpPages}), at the pace the
 * client reads; it rejoins the live batches once it reaches them. A session
 * whose pings go unanswered for the send timeout, or whose queue still outgrows
 * the limit, is closed with 1013 and resumes with {@code after_seq} on reconnect.
 */
final class Peer {

    private static final Logger LOG = Logger.getLogger(Peer.class.getName());
    /** Catch-up reads the next page only when the queue is this short. */
    static final int LOW_WATER = 2;
    /** Live frames of one subscription waiting to be written before it catches up from the store instead. */
    static final int LIVE_BACKLOG = 32;
    static final int MAX_MAILBOX = 10_000;
    static final CloseReason TOO_SLOW = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Too slow to keep up: reconnect and resume with after_seq");
    static final CloseReason BUSY = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Server busy: reconnect and resume with after_seq");

    /** Writes pre-framed bytes; the container keeps them in order with everything else it writes. */
    interface RawWriter {
        Future<?> send(ByteBuffer frame);
    }

    /** A frame waiting in the outbox; log frames carry the subscription and the seqs they hold. */
    private record Queued(OutFrame frame, Subscription subscription, long firstSeq, long lastSeq) {
    }

    final Session session;
    final long projectId;
    final String address;
    private final LogSessions owner;
    private final Executor executor;
    /** Null where the container only takes {@code sendText}. */
    private final RawWriter raw;

    private final ConcurrentLinkedQueue<Consumer<Peer>> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    /**
     * Since when the session waits for a pong (nanoTime): when a ping went out with
     * none out before, or when the last pong came while more are out; 0 when none
     * is out. A client that keeps reading, however slowly, answers within the send
     * timeout; one that stopped does not. Read by the probe.
     */
    private volatile long waitingSince;
    private volatile long lastPingAt = System.nanoTime();
    private volatile boolean sentSincePing;

    // Confined to the actor.
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final ArrayDeque<Queued> outbox = new ArrayDeque<>();
    /** Pings out: {byte mark, nanoTime sent}. */
    private final ArrayDeque<long[]> pings = new ArrayDeque<>();
    private boolean sending;
    private boolean pumping;
    /** Bytes of frames written; of them acknowledged by a pong; at the last ping. */
    private long written;
    private long acknowledged;
    private long pingedAt;

    Peer(Session session, long projectId, String address, LogSessions owner, Executor executor, RawWriter raw) {
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
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                close(BUSY);
            }
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
                } catch (RuntimeException e) {
                    failed(e);
                }
                pump();
            }
        } finally {
            scheduled.set(false);
            if (!mailbox.isEmpty()) {
                schedule();
            }
        }
    }

    /**
     * A command failed. The store or the container refusing work under load is
     * the server being busy: the client reconnects and resumes, as from a slow
     * close. Anything else is a bug, said in an error frame and logged in full.
     */
    private void failed(RuntimeException e) {
        if (overloaded(e)) {
            LOG.log(Level.WARNING, "Session " + session.getId() + ": the server is busy; closing with 1013", e);
            close(BUSY);
        } else {
            LOG.log(Level.WARNING, "Session " + session.getId() + ": a command failed", e);
            send(Frames.error("internal_error", "The server could not handle that; see its log"));
        }
    }

    static boolean overloaded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof jakarta.persistence.PersistenceException
                    || t instanceof jakarta.transaction.TransactionalException
                    || t instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    // ---- commands, run on the actor ----

    void send(String frame) {
        send(new OutFrame(frame));
    }

    void send(OutFrame frame) {
        enqueue(new Queued(frame, null, 0, 0));
    }

    private void enqueue(Queued queued) {
        if (closed) {
            return;
        }
        outbox.add(queued);
        if (outbox.size() > owner.settings.maxQueuedFrames()) {
            close(TOO_SLOW);
        }
    }

    /** Writes what the window (or the one send in flight) allows, reading catch-up pages as the queue runs short. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!closed) {
                if (outbox.size() < LOW_WATER && fill()) {
                    continue;
                }
                if (!canWrite() || outbox.isEmpty()) {
                    break;
                }
                write(outbox.poll().frame());
            }
        } finally {
            pumping = false;
        }
    }

    private boolean canWrite() {
        return raw != null ? written - acknowledged < owner.settings.windowBytes() : !sending;
    }

    private void write(OutFrame frame) {
        sentSincePing = true;
        try {
            if (raw != null) {
                ByteBuffer wire = frame.wire();
                int size = wire.remaining();
                Future<?> write = raw.send(wire);
                if (!write.isDone()) {
                    owner.writesFinishedLater.incrementAndGet();
                }
                written += size;
                owner.framesSent.incrementAndGet();
                if (written - pingedAt >= owner.settings.windowBytes() / 2) { // two pings out at most
                    ping();
                }
            } else {
                sending = true;
                session.getAsyncRemote().sendText(frame.text, result -> post(peer -> peer.sent(result.isOK())));
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "Send to session " + session.getId() + " failed: " + e);
            close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Send failed"));
        }
    }

    /** {@code sendText} finished. */
    private void sent(boolean ok) {
        sending = false;
        if (!ok) {
            close(TOO_SLOW);
            return;
        }
        owner.framesSent.incrementAndGet();
    }

    /** Pings behind everything written so far; its pong acknowledges all of it. */
    private void ping() {
        long now = System.nanoTime();
        try {
            if (raw != null) {
                raw.send(OutFrame.ping(written));
            } else if (!sending) {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(8).putLong(0, written));
            } else {
                return; // the container may refuse a ping while a frame is written: next time
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "Ping to session " + session.getId() + " not sent: " + e);
            return;
        }
        pingedAt = written;
        sentSincePing = false;
        lastPingAt = now;
        pings.add(new long[] {written, now});
        if (pings.size() == 1) {
            waitingSince = now;
        }
    }

    /** A pong: the client read everything before the ping that carried {@code mark}. */
    void pong(long mark) {
        if (mark > written) {
            return; // not one of ours
        }
        acknowledged = Math.max(acknowledged, mark);
        while (!pings.isEmpty() && pings.peek()[0] <= mark) {
            pings.poll();
        }
        waitingSince = pings.isEmpty() ? 0 : System.nanoTime();
    }

    /** From the probe: ping when something was sent since the last ping, or the session was idle long enough. */
    void keepAlive(long idleNanos) {
        if (pings.isEmpty() && (sentSincePing || System.nanoTime() - lastPingAt > idleNanos)) {
            ping();
        }
    }

    void subscribe(String jobId, long afterSeq) {
        if (closed) {
            return;
        }
        if (subscriptions.containsKey(jobId)) {
            subscriptions.remove(jobId);
            dropQueued(jobId);
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
        follow(subscription);
    }

    /** Starts a subscription the job was found for. */
    void follow(Subscription subscription) {
        subscriptions.put(subscription.jobId, subscription);
        progress(subscription);
    }

    void unsubscribe(String jobId) {
        if (subscriptions.remove(jobId) != null) {
            dropQueued(jobId);
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
        if (batch.firstSeq() > subscription.cursor + 1) {
            // A gap: lines this session has not seen are in the store.
            subscription.filling = true;
            return;
        }
        if (queuedLive(subscription) >= LIVE_BACKLOG) {
            fallBehind(subscription);
            return;
        }
        OutFrame frame = batch.firstSeq() == subscription.cursor + 1 ? batch.frame() : batch.frameAfter(subscription.cursor);
        enqueue(new Queued(frame, subscription, subscription.cursor + 1, batch.lastSeq()));
        subscription.cursor = batch.lastSeq();
        progress(subscription);
    }

    private int queuedLive(Subscription subscription) {
        int n = 0;
        for (Queued queued : outbox) {
            if (queued.subscription() == subscription) {
                n++;
            }
        }
        return n;
    }

    /**
     * The live frames pile up: drop the ones not yet written and catch up from the
     * store, from the first line dropped, at the client's pace.
     */
    private void fallBehind(Subscription subscription) {
        long firstDropped = Long.MAX_VALUE;
        for (Iterator<Queued> it = outbox.iterator(); it.hasNext(); ) {
            Queued queued = it.next();
            if (queued.subscription() == subscription) {
                firstDropped = Math.min(firstDropped, queued.firstSeq());
                it.remove();
            }
        }
        if (firstDropped != Long.MAX_VALUE) {
            subscription.cursor = firstDropped - 1;
        }
        subscription.filling = true;
        owner.fellBehind.incrementAndGet();
    }

    private void dropQueued(String jobId) {
        outbox.removeIf(queued -> queued.subscription() != null && queued.subscription().jobId.equals(jobId));
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

    /**
     * Queues the next catch-up page of the first filling subscription that has
     * one; true when it queued a page.
     */
    private boolean fill() {
        for (Subscription subscription : subscriptions.values().toArray(new Subscription[0])) {
            if (closed) {
                return false;
            }
            if (!subscription.filling) {
                continue;
            }
            if (subscription.cursor >= subscription.target) {
                // Lines after the target are on their way as live batches: no read needed.
                subscription.filling = false;
                progress(subscription);
                continue;
            }
            CatchUpPages.Page page;
            try {
                page = owner.pages.after(subscription.meshResultId, subscription.jobId, subscription.cursor);
            } catch (RuntimeException e) {
                // The store could not serve it now: the client resumes from where it is.
                LOG.log(Level.WARNING, "Session " + session.getId() + ": catch-up read failed; closing with 1013", e);
                close(BUSY);
                return false;
            }
            if (page != null) {
                enqueue(new Queued(page.frame(), subscription, page.firstSeq(), page.lastSeq()));
                subscription.cursor = page.lastSeq();
            }
            if (page == null || subscription.cursor >= subscription.target) {
                subscription.filling = false;
            }
            progress(subscription);
            if (page != null) {
                return true;
            }
        }
        return false;
    }

    /** Ends a subscription whose job is over once every line went out. */
    private void progress(Subscription subscription) {
        if (subscription.complete() && subscriptions.remove(subscription.jobId) != null) {
            send(Frames.of("log_end", new Frames.LogEndData(subscription.jobId, subscription.endSeq)));
            owner.unwatch(this, subscription.jobId);
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
        schedule();
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

    boolean isClosed() {
        return closed;
    }

    /**
     * Runs on the probe timer, not the actor: closes the session when no pong came
     * for the send timeout while a ping was out (the client read nothing of what
     * was written before it in that time),
     * and has the actor ping when it wrote something since its last ping, or was
     * idle for a ping interval.
     */
    void probe(long now, long timeoutNanos, long idleNanos) {
        if (closed) {
            return;
        }
        long waiting = waitingSince;
        if (waiting != 0) {
            if (now - waiting > timeoutNanos) {
                close(TOO_SLOW);
            }
            return;
        }
        if (sentSincePing || now - lastPingAt > idleNanos) {
            post(peer -> peer.keepAlive(idleNanos));
        }
    }
}
