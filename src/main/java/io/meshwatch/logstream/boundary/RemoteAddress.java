package io.meshwatch.logstream.boundary;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The peer address of a WebSocket session. The API has no portable accessor:
 * the user property some containers set is tried first, then Tyrus's
 * (Payara's) {@code getRemoteAddr()}.
 */
final class RemoteAddress {

    private RemoteAddress() {
    }

    static String of(Session session) {
        for (String key : new String[] {"jakarta.websocket.endpoint.remoteAddress",
                "javax.websocket.endpoint.remoteAddress"}) {
            Object value = session.getUserProperties().get(key);
            if (value instanceof InetSocketAddress address && address.getAddress() != null) {
                return address.getAddress().getHostAddress();
            }
        }
        try {
            Method method = session.getClass().getMethod("getRemoteAddr");
            Object value = method.invoke(session);
            if (value != null) {
                return value.toString();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not Tyrus: every session then counts under one address
        }
        return "unknown";
    }
}
