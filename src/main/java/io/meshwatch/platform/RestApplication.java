package io.meshwatch.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All REST resources live under /api; the WebSocket and the static pages do not. */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
