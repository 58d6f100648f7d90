package io.meshwatch.logstream.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Limits of the live push, each a MicroProfile Config property. */
@ApplicationScoped
public class PushSettings {

    /** Comma-separated origins allowed to open the WebSocket; empty means same origin only. */
    @Inject
    @ConfigProperty(name = "meshwatch.allowed.origins")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.batch-window", defaultValue = "PT0.05S")
    Duration batchWindow;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.batch-lines", defaultValue = "500")
    int batchLines;

    /** Frames a session may have waiting before it counts as too slow and is closed. */
    @Inject
    @ConfigProperty(name = "meshwatch.ws.max-queued-frames", defaultValue = "256")
    int maxQueuedFrames;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.send-timeout", defaultValue = "PT10S")
    Duration sendTimeout;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.ping-interval", defaultValue = "PT25S")
    Duration pingInterval;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.max-sessions-per-address", defaultValue = "200")
    int maxSessionsPerAddress;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.max-subscriptions", defaultValue = "20")
    int maxSubscriptionsPerSession;

    @Inject
    @ConfigProperty(name = "meshwatch.ws.max-frame-bytes", defaultValue = "16384")
    int maxFrameBytes;

    /**
     * Encode each outgoing frame once and write the same bytes to every session,
     * where the container allows it (Tyrus); false sends through {@code sendText}.
     */
    @Inject
    @ConfigProperty(name = "meshwatch.ws.shared-frames", defaultValue = "true")
    boolean sharedFrames;

    /**
     * Threads that run the sessions' actors; 0 picks twice the cores, at least 4.
     * They come from the container's thread factory, but tasks do not go through
     * the managed executor: Payara captures the context of every task it is handed
     * (a ServiceLoader scan under a class loader lock), which at 1,000 sessions was
     * the push's bottleneck.
     */
    @Inject
    @ConfigProperty(name = "meshwatch.ws.push-threads", defaultValue = "0")
    int pushThreads;

    /**
     * Bytes a session may have written but not yet acknowledged (a pong to a ping
     * sent after them) before it is sent more; bounds what waits for a slow client
     * in the server's and the kernel's buffers, and how long a ping waits behind it.
     */
    @Inject
    @ConfigProperty(name = "meshwatch.ws.window-bytes", defaultValue = "262144")
    int windowBytes;

    /** Memory for catch-up pages shared by all sessions at the same place in a job's log. */
    @Inject
    @ConfigProperty(name = "meshwatch.ws.catch-up-cache-bytes", defaultValue = "33554432")
    long catchUpCacheBytes;

    public Optional<String> allowedOrigins() {
        return allowedOrigins.filter(s -> !s.isBlank());
    }

    public Duration batchWindow() {
        return batchWindow;
    }

    public int batchLines() {
        return batchLines;
    }

    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    public Duration sendTimeout() {
        return sendTimeout;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public int maxSessionsPerAddress() {
        return maxSessionsPerAddress;
    }

    public int maxSubscriptionsPerSession() {
        return maxSubscriptionsPerSession;
    }

    public boolean sharedFrames() {
        return sharedFrames;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int pushThreads() {
        return pushThreads > 0 ? pushThreads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    public int windowBytes() {
        return windowBytes;
    }

    public long catchUpCacheBytes() {
        return catchUpCacheBytes;
    }
}
