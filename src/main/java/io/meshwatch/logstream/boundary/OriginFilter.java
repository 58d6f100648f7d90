package io.meshwatch.logstream.boundary;

import io.meshwatch.logstream.control.PushSettings;
import io.meshwatch.platform.ApiError;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a WebSocket handshake from a page of another origin with 403 before
 * the upgrade (cross-site WebSocket hijacking). Allowed: the origins in
 * {@code MESHWATCH_ALLOWED_ORIGINS} ("*" for any), or else the same origin, that
 * is the request's Host or the gateway's X-Forwarded-Host. A client that sends
 * no Origin (not a browser) is let through.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    PushSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && !allowed(origin, request)) {
            response.setStatus(403);
            response.setContentType("application/json");
            response.getWriter().write(io.meshwatch.platform.JsonConfig.jsonb().toJson(
                    new ApiError("forbidden", "Origin not allowed for the WebSocket")));
            return;
        }
        chain.doFilter(request, response);
    }

    boolean allowed(String origin, HttpServletRequest request) {
        String normalized = normalize(origin);
        if (settings.allowedOrigins().isPresent()) {
            Set<String> allowed = Arrays.stream(settings.allowedOrigins().get().split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(OriginFilter::normalize)
                    .collect(Collectors.toSet());
            return allowed.contains("*") || allowed.contains(normalized);
        }
        String host = hostOf(normalized);
        if (host == null) {
            return false;
        }
        return host.equalsIgnoreCase(request.getHeader("Host"))
                || host.equalsIgnoreCase(firstValue(request.getHeader("X-Forwarded-Host")));
    }

    static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** "http://example.com:8080" to "example.com:8080"; null for "null" or junk. */
    static String hostOf(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return null;
            }
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
