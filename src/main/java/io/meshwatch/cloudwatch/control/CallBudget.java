package io.meshwatch.cloudwatch.control;

import java.util.function.LongSupplier;

/**
 * The one CloudWatch call budget of an instance: a token bucket refilled at
 * {@code perSecond} that holds one token, so all tails together stay under the
 * account's read quota (GetLogEvents is 10-25 TPS per account and region,
 * shared with every other tool) in every second, not only on average. A poll of
 * several streams may take the bucket into debt, which later refills repay.
 */
final class CallBudget {

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    CallBudget(double perSecond, LongSupplier nanoTime) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("MESHWATCH_CLOUDWATCH_MAX_TPS must be positive");
        }
        this.perSecond = perSecond;
        this.capacity = 1;
        this.nanoTime = nanoTime;
        this.refilledAt = nanoTime.getAsLong();
        this.tokens = 1;
    }

    /** Takes {@code calls} tokens when at least one is there; the rest becomes debt. */
    synchronized boolean tryTake(int calls) {
        refill();
        if (tokens + 1e-9 < 1) {
            return false;
        }
        tokens -= calls;
        return true;
    }

    /** Charges calls made beyond what was taken (none when {@code calls} is not positive). */
    synchronized void charge(int calls) {
        if (calls > 0) {
            refill();
            tokens -= calls;
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
    }
}
