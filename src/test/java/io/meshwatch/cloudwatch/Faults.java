package io.meshwatch.cloudwatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which calls fail. Shares are applied deterministically rather than at random, so a test
 * knows exactly which call fails: each call adds the share to an accumulator and fails when
 * it reaches 1 (then 1 is taken off). Share 1.0 fails every call, 0.5 every second call
 * (the 2nd, 4th, ...), 0.25 every fourth, and over any run of calls the failed fraction is
 * the share to within one call. Order of precedence: failNext, then throttling, then 5xx.
 */
final class Faults {

    private final Map<String, Deque<String>> scheduled = new HashMap<>();
    private double throttleShare;
    private double serverErrorShare;
    private double throttleDue;
    private double serverErrorDue;

    synchronized void throttleShare(double share) {
        throttleShare = checked(share);
        throttleDue = 0;
    }

    synchronized void serverErrorShare(double share) {
        serverErrorShare = checked(share);
        serverErrorDue = 0;
    }

    synchronized void failNext(String operation, int times, String errorCode) {
        Deque<String> queue = scheduled.computeIfAbsent(operation, o -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(errorCode);
        }
    }

    synchronized void clear() {
        scheduled.clear();
        throttleShare(0);
        serverErrorShare(0);
    }

    /** The error this call gets, or null to serve it. */
    synchronized CloudWatchError next(String operation) {
        Deque<String> queue = scheduled.get(operation);
        if (queue != null && !queue.isEmpty()) {
            return CloudWatchError.injected(queue.poll());
        }
        throttleDue += throttleShare;
        if (throttleDue >= 1 - 1e-9) {
            throttleDue -= 1;
            return CloudWatchError.injected("ThrottlingException");
        }
        serverErrorDue += serverErrorShare;
        if (serverErrorDue >= 1 - 1e-9) {
            serverErrorDue -= 1;
            return CloudWatchError.injected("ServiceUnavailableException");
        }
        return null;
    }

    private static double checked(double share) {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
            throw new IllegalArgumentException("A share is between 0 and 1: " + share);
        }
        return share;
    }
}
