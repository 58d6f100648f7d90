package io.meshwatch.platform;

import jakarta.ejb.EJBException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every exception that leaves a resource becomes {@code {error, message}} with
 * its status. Unexpected ones are logged with a reference and answered 500
 * without internals.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof ApiException api) {
            return ApiError.response(api.status(), api.getMessage());
        }
        if (cause instanceof BodyTooLargeException tooLarge) {
            return ApiError.response(413, tooLarge.getMessage());
        }
        if (cause instanceof WebApplicationException web) {
            Response original = web.getResponse();
            int status = original.getStatus();
            Response.ResponseBuilder answer = Response.fromResponse(ApiError.response(status, messageFor(status, web)));
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> answer.header(name, v));
                }
            });
            return answer.build();
        }
        String reference = Long.toHexString(System.nanoTime());
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, thrown);
        return ApiError.response(500, "Internal error (reference " + reference + ")");
    }

    private static String messageFor(int status, WebApplicationException web) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed here";
            case 406 -> "Cannot produce the requested media type";
            case 415 -> "Unsupported media type: send application/json";
            default -> web.getMessage() == null ? "HTTP " + status : web.getMessage();
        };
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current instanceof ApiException || current instanceof BodyTooLargeException) {
                return current;
            }
            boolean wrapper = current instanceof TransactionalException
                    || current instanceof EJBException
                    || (current.getClass() == RuntimeException.class && current.getCause() != null);
            if (!wrapper || current.getCause() == null) {
                break;
            }
            current = current.getCause();
        }
        // Also look deeper for a body-size failure hidden inside provider exceptions.
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return current;
    }
}
