package io.meshwatch.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over {@code meshwatch.http.max-body-bytes} with 413:
 * at once when Content-Length says so, and while reading when it does not.
 * A POST without a Content-Type is refused with 415: every body here is JSON.
 */
@Provider
@PreMatching
public class RequestBodyFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "meshwatch.http.max-body-bytes", defaultValue = "1048576")
    long maxBodyBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("POST".equals(request.getMethod()) && request.getMediaType() == null) {
            request.abortWith(ApiError.response(415, "Content-Type is missing: send application/json"));
            return;
        }
        int declared = request.getLength();
        if (declared > maxBodyBytes) {
            request.abortWith(ApiError.response(413, "Request body larger than " + maxBodyBytes + " bytes"));
            return;
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBodyBytes));
    }
}
