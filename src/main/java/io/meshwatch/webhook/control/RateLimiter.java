package io.meshwatch.webhook.control;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client address): up to {@code capacity} requests
 * at once, then {@code refillPerSecond} more each second. Memory stays bounded
 * however many addresses call: past {@code maxKeys}, full buckets are dropped
 * (a full bucket is the same as no bucket), and if that is not enough, other
 * buckets too, which only forgives those keys their recent use.
 */
public final class RateLimiter {

    public static final int DEFAULT_MAX_KEYS = 10_000;
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    /** Allowed, or refused with the whole seconds to wait (at least 1) for a {@code Retry-After} header. */
    public record Decision(boolean allowed, long retryAfterSeconds) {

        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final int capacity;
    private final double refillPerSecond;
    private final int maxKeys;
    /** Sweeps go below the cap so that a flood of new keys sweeps once per many keys, not per key. */
    private final int sweepTarget;
    private final LongSupplier nanoTime;
    final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public RateLimiter(int capacity, double refillPerSecond, LongSupplier nanoTime) {
        this(capacity, refillPerSecond, DEFAULT_MAX_KEYS, nanoTime);
    }

    public RateLimiter(int capacity, double refillPerSecond, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || maxKeys < 1 || !(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("Capacity and maxKeys must be at least 1, the refill rate positive");
        }
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.maxKeys = maxKeys;
        this.sweepTarget = Math.max(1, maxKeys - Math.max(1, maxKeys / 10));
        this.nanoTime = nanoTime;
    }

    public Decision tryAcquire(String key) {
        while (true) {
            long now = nanoTime.getAsLong();
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
            if (buckets.size() > maxKeys) {
                sweep(now);
            }
            synchronized (bucket) {
                // A bucket swept away meanwhile must not count: take the key's new one.
                if (!bucket.evicted) {
                    return bucket.take(now);
                }
            }
        }
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            evict(now, true);
            evict(now, false);
        } finally {
            sweeping.set(false);
        }
    }

    private void evict(long now, boolean onlyFull) {
        Iterator<Map.Entry<String, Bucket>> entries = buckets.entrySet().iterator();
        while (buckets.size() > sweepTarget && entries.hasNext()) {
            Map.Entry<String, Bucket> entry = entries.next();
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                if (!onlyFull || bucket.isFull(now)) {
                    bucket.evicted = true;
                    buckets.remove(entry.getKey(), bucket);
                }
            }
        }
    }

    final class Bucket {

        private double tokens;
        private long refilledAt;
        boolean evicted;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        Decision take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Decision.ALLOWED;
            }
            // The epsilon keeps floating-point noise (2.0000000001 s) from adding a whole second.
            long wait = (long) Math.ceil((1 - tokens) / refillPerSecond - 1e-9);
            return new Decision(false, Math.max(1, wait));
        }

        boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        /** Never moves back: a thread that read the clock earlier must not get time credited twice. */
        private void refill(long now) {
            if (now > refilledAt) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) / NANOS_PER_SECOND * refillPerSecond);
                refilledAt = now;
            }
        }
    }
}
