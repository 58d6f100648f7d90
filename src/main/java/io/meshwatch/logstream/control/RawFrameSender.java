package io.meshwatch.logstream.control;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Writes pre-framed bytes to a session on Tyrus (Payara, GlassFish), the way
 * Tyrus's own {@code broadcast} does: {@code TyrusWebSocket.sendRawFrame}.
 * {@code sendText} encodes the string to UTF-8 again for every session with a
 * char-by-char encoder; for a batch going to 1,000 sessions that was the
 * largest cost of the push. There is no portable API for this, so it is found
 * by reflection and used only when present and when no extension (such as
 * permessage-deflate) changes the frames; otherwise the session is sent
 * {@code sendText} as before (WildFly, or {@code MESHWATCH_WS_SHARED_FRAMES=false}).
 */
final class RawFrameSender implements Peer.RawWriter {

    private static final Logger LOG = Logger.getLogger(RawFrameSender.class.getName());

    private final Object webSocket;
    private final Method sendRawFrame;

    private RawFrameSender(Object webSocket, Method sendRawFrame) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
    }

    /** A sender for this session, when its container offers one and the frames are plain. */
    static Optional<RawFrameSender> of(Session session) {
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return Optional.empty();
        }
        try {
            Object remote = session.getAsyncRemote();
            Field field = field(remote.getClass(), "webSocket");
            if (field == null) {
                return Optional.empty();
            }
            field.setAccessible(true);
            Object webSocket = field.get(remote);
            Method method = webSocket.getClass().getMethod("sendRawFrame", ByteBuffer.class);
            if (!Future.class.isAssignableFrom(method.getReturnType())) {
                return Optional.empty();
            }
            return Optional.of(new RawFrameSender(webSocket, method));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.fine(() -> "No raw frame sender for session " + session.getId() + ": " + e);
            return Optional.empty();
        }
    }

    static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Hands the frame to the container's writer; the future completes when it is written. */
    @Override
    public Future<?> send(ByteBuffer frame) {
        try {
            return (Future<?>) sendRawFrame.invoke(webSocket, frame);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
