package io.meshwatch.logstream.boundary;

import io.meshwatch.logstream.control.Frames;
import io.meshwatch.logstream.control.LogSessions;
import io.meshwatch.logstream.control.PushSettings;
import io.meshwatch.project.control.ProjectStore;
import io.meshwatch.platform.ApiException;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code /ws/projects/{projectId}}: one connection per browser tab, in the
 * project's room. Thin: checks the project, reads frames, and leaves the rest
 * to {@link LogSessions}.
 */
@ServerEndpoint("/ws/projects/{projectId}")
public class ProjectSocket {

    private static final Logger LOG = Logger.getLogger(ProjectSocket.class.getName());

    @Inject
    LogSessions sessions;

    @Inject
    ProjectStore projects;

    @Inject
    PushSettings settings;

    @OnOpen
    public void open(Session session, @PathParam("projectId") String projectId) {
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        long id;
        try {
            id = Long.parseLong(projectId);
            projects.require(id);
        } catch (NumberFormatException | ApiException e) {
            refuse(session, "unknown_project", "No project with id " + projectId, "Unknown project");
            return;
        }
        if (!sessions.join(session, id, RemoteAddress.of(session))) {
            refuse(session, "too_many_sessions", "Too many connections from this address",
                    "Too many connections from this address");
        }
    }

    @OnMessage
    public void message(Session session, String text) {
        try {
            ClientFrame frame = ClientFrame.parse(text);
            if (ClientFrame.SUBSCRIBE.equals(frame.event())) {
                sessions.subscribe(session, frame.jobId(), frame.afterSeq());
            } else {
                sessions.unsubscribe(session, frame.jobId());
            }
        } catch (ClientFrame.Refused refused) {
            sessions.sendError(session, refused.code, refused.getMessage());
        }
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        sessions.pong(session, pong.getApplicationData());
    }

    @OnClose
    public void close(Session session) {
        sessions.leave(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.fine(() -> "WebSocket session " + session.getId() + " failed: " + error);
        sessions.leave(session);
    }

    /** Says why in an error frame, then closes with 1008 (policy). */
    private static void refuse(Session session, String code, String message, String reason) {
        try {
            session.getBasicRemote().sendText(Frames.error(code, message));
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
        } catch (IOException e) {
            LOG.fine(() -> "Refusing session " + session.getId() + ": " + e);
        }
    }
}
