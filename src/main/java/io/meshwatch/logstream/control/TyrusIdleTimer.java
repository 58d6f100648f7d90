package io.meshwatch.logstream.control;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * Tyrus (Payara's WebSocket implementation) cancels and schedules a session's
 * idle-timeout task on every frame it receives (each pong, each message) and on
 * every ping it sends, on the container's managed scheduled executor. Payara
 * captures the caller's context for each task it is handed, which includes a
 * ServiceLoader scan under a class-loader lock; with 1,000 sessions answering
 * pings the container's request threads queued up on that lock (docs/BENCHMARKS.md).
 * This points a session's idle timer at a plain scheduler instead. The push does
 * not rely on the container's idle timeout (its pings find dead sessions), and a
 * timeout set through {@link Session#setMaxIdleTimeout} still fires, only without
 * the container's context. Found by reflection and used only where present;
 * other containers keep their own timer.
 */
final class TyrusIdleTimer {

    private static final Logger LOG = Logger.getLogger(TyrusIdleTimer.class.getName());

    private TyrusIdleTimer() {
    }

    /** True when the session's idle timer now runs on {@code timer}. */
    static boolean use(Session session, ScheduledExecutorService timer) {
        try {
            Field field = RawFrameSender.field(session.getClass(), "service");
            if (field == null || !ScheduledExecutorService.class.isAssignableFrom(field.getType())) {
                return false;
            }
            field.setAccessible(true);
            field.set(session, timer);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.fine(() -> "Session " + session.getId() + " keeps the container's idle timer: " + e);
            return false;
        }
    }
}
