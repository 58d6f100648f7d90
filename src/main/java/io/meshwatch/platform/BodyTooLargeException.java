package io.meshwatch.platform;

import java.io.IOException;

/** A request body grew past its limit while being read; answered 413. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("Request body larger than " + limit + " bytes");
    }
}
