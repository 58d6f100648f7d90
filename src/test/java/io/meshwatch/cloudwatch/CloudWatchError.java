package io.meshwatch.cloudwatch;

import java.util.Map;

/**
 * An error the stand-in answers instead of a result. The HTTP adapter turns it into the
 * JSON 1.1 error shape ({@code x-amzn-ErrorType} header and {@code __type} field), from which
 * the SDK picks the modeled exception class by {@link #code}.
 */
final class CloudWatchError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String INVALID_TOKEN = "The specified nextToken is invalid.";

    // Default wording for injected errors; AWS's own where it is known.
    private static final Map<String, String> MESSAGES = Map.of(
            "ThrottlingException", "Rate exceeded",
            "ServiceUnavailableException", "The server failed to fulfill the request. Please try again.",
            "InternalFailure", "The request processing has failed because of an unknown error.",
            "InvalidParameterException", INVALID_TOKEN,
            "ResourceNotFoundException", "The specified log group does not exist.");

    final String code;
    final int status;

    CloudWatchError(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static CloudWatchError invalidParameter(String message) {
        return new CloudWatchError("InvalidParameterException", 400, message);
    }

    static CloudWatchError invalidToken() {
        return invalidParameter(INVALID_TOKEN);
    }

    static CloudWatchError groupNotFound() {
        return new CloudWatchError("ResourceNotFoundException", 400, "The specified log group does not exist.");
    }

    static CloudWatchError streamNotFound() {
        return new CloudWatchError("ResourceNotFoundException", 400, "The specified log stream does not exist.");
    }

    static CloudWatchError alreadyExists(String message) {
        return new CloudWatchError("ResourceAlreadyExistsException", 400, message);
    }

    /** An injected error: server-side codes get a 5xx so the SDK classifies them as retryable faults. */
    static CloudWatchError injected(String code) {
        boolean serverSide = code.equals("ServiceUnavailableException") || code.equals("InternalFailure")
                || code.equals("InternalServerException");
        return new CloudWatchError(code, serverSide ? 500 : 400, MESSAGES.getOrDefault(code, "Injected " + code));
    }
}
