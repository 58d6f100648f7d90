package io.meshwatch.cloudwatch.control;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The one CloudWatch call budget of an instance: a token bucket refilled at
 * {@code perSecond} that holds one token, so all tails together stay under the
 * account's read quota (GetLogEvents is 10-25 TPS per account and region,
 * shared with every other tool) in every second, not only on average: in any
 * window of t seconds at most {@code 1 + perSecond * t} calls go out.
 *
 * <p>Every call takes a token just before it is made. The dispatcher takes the
 * first call's token when it starts a poll ({@link #tryTake}); a poll that needs
 * more calls (several streams, discovery) waits for each ({@link #take}), since
 * charging calls after they were made let polls that started together burst.
 */
final class CallBudget {

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final LongConsumer sleepNanos;
    private double tokens;
    private long refilledAt;

    CallBudget(double perSecond, LongSupplier nanoTime) {
        this(perSecond, nanoTime, LockSupport::parkNanos);
    }

    CallBudget(double perSecond, LongSupplier nanoTime, LongConsumer sleepNanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("MESHWATCH_CLOUDWATCH_MAX_TPS must be positive");
        }
        this.perSecond = perSecond;
        this.capacity = 1;
        this.nanoTime = nanoTime;
        this.sleepNanos = sleepNanos;
        this.refilledAt = nanoTime.getAsLong();
        this.tokens = 1;
    }

    /** Takes one call's token when there is one. */
    synchronized boolean tryTake() {
        refill();
        if (tokens + 1e-9 < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Takes one call's token, waiting for it. */
    void take() {
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens + 1e-9 >= 1) {
                    tokens -= 1;
                    return;
                }
                wait = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
            }
            sleepNanos.accept(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while waiting for the CloudWatch call budget");
            }
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
    }
}
