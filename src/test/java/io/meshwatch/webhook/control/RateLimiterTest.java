package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.webhook.control.RateLimiter.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final AtomicLong nanos = new AtomicLong(123_456_789L);
    RateLimiter cut = new RateLimiter(3, 0.5, nanos::get);

    void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    int allowedOf(String key, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (cut.tryAcquire(key).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void allowsABurstUpToCapacityThenSaysWhenToRetry() {
        assertEquals(3, allowedOf("198.51.100.1", 3));

        assertEquals(new Decision(false, 2), cut.tryAcquire("198.51.100.1"), "one token takes 2 s at 0.5/s");
    }

    @Test
    void theRetryAfterShrinksAsTheBucketRefills() {
        cut = new RateLimiter(1, 0.2, nanos::get);
        cut.tryAcquire("k");

        assertEquals(5, cut.tryAcquire("k").retryAfterSeconds());
        advanceMillis(2_000);
        assertEquals(3, cut.tryAcquire("k").retryAfterSeconds());
        advanceMillis(2_900);
        assertEquals(1, cut.tryAcquire("k").retryAfterSeconds(), "never less than a whole second");
        advanceMillis(100);
        assertTrue(cut.tryAcquire("k").allowed());
    }

    @Test
    void refillsOverTimeButNeverBeyondCapacity() {
        allowedOf("k", 3);

        advanceMillis(1_999);
        assertFalse(cut.tryAcquire("k").allowed());
        advanceMillis(1);
        assertTrue(cut.tryAcquire("k").allowed());
        assertFalse(cut.tryAcquire("k").allowed());

        advanceMillis(60_000);
        assertEquals(3, allowedOf("k", 10));
    }

    @Test
    void keysHaveIndependentBuckets() {
        assertEquals(3, allowedOf("a", 5));

        assertEquals(3, allowedOf("b", 5));
        assertFalse(cut.tryAcquire("a").allowed());
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheCapacity() throws Exception {
        cut = new RateLimiter(20_000, 1, nanos::get);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    return allowedOf("shared", 5_000);
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> count : counts) {
                allowed += count.get(30, TimeUnit.SECONDS);
            }

            assertEquals(20_000, allowed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCallersWithManyKeysKeepTheMapBounded() throws Exception {
        cut = new RateLimiter(5, 1, 20, nanos::get);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                counts.add(pool.submit(() -> {
                    start.await();
                    int hot = 0;
                    for (int i = 0; i < 200; i++) {
                        cut.tryAcquire("cold-" + thread + "-" + i);
                        hot += cut.tryAcquire("hot").allowed() ? 1 : 0;
                    }
                    return hot;
                }));
            }
            start.countDown();
            int hotAllowed = 0;
            for (Future<Integer> count : counts) {
                hotAllowed += count.get(30, TimeUnit.SECONDS);
            }

            assertTrue(hotAllowed >= 5, "the hot key got at least its burst");
            assertTrue(cut.buckets.size() <= 20 + threads, "size " + cut.buckets.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dropsFullBucketsFirstWhenOverTheCap() {
        cut = new RateLimiter(2, 1, 3, nanos::get);
        assertEquals(2, allowedOf("busy", 2));
        cut.tryAcquire("a");
        cut.tryAcquire("b");
        advanceMillis(1_000);

        cut.tryAcquire("c");

        assertEquals(List.of("busy", "c"), cut.buckets.keySet().stream().sorted().toList());
        assertEquals(1, allowedOf("busy", 5), "the busy key kept its state: one token refilled, not two");
    }

    @Test
    void staysBoundedWhenEveryBucketIsInUse() {
        cut = new RateLimiter(2, 1, 10, nanos::get);

        for (int i = 0; i < 1_000; i++) {
            cut.tryAcquire("198.51.100." + i);
            assertTrue(cut.buckets.size() <= 10, "size " + cut.buckets.size() + " after key " + i);
        }
        assertTrue(cut.tryAcquire("198.51.100.999").allowed(), "the newest key is still tracked");
        assertFalse(cut.tryAcquire("198.51.100.999").allowed());
    }

    @Test
    void refusesSettingsThatCannotLimit() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, Double.NaN, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 1, 0, nanos::get));
    }
}
