package io.meshwatch.cloudwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    final AtomicLong now = new AtomicLong();
    /** Waiting advances the fake clock, so nothing here sleeps. */
    final CallBudget cut = new CallBudget(5, now::get, now::addAndGet);

    @Test
    void grantsFiveCallsASecondAndNoBurstBeyondOne() {
        int granted = 0;
        // Ten seconds in 10 ms steps, asking for a call at every step.
        for (int step = 0; step < 1000; step++) {
            if (cut.tryTake()) {
                granted++;
            }
            now.addAndGet(10_000_000L);
        }
        assertEquals(50, granted, 1);
    }

    @Test
    void furtherCallsOfAPollWaitForTheirTokens() {
        assertTrue(cut.tryTake(), "the poll's first call");
        assertFalse(cut.tryTake());
        long start = now.get();
        cut.take();
        cut.take();
        assertEquals(400_000_000L, now.get() - start, 1_000, "two more calls at 5 a second take 0.4 s");
        assertFalse(cut.tryTake(), "and left nothing for another poll");
    }

    @Test
    void noWindowEverHoldsMoreThanOnePlusTheRate() {
        // Polls of one to three calls, started whenever a token is there, for 60 s.
        List<Long> callTimes = new ArrayList<>();
        int poll = 0;
        while (now.get() < 60_000_000_000L) {
            if (cut.tryTake()) {
                callTimes.add(now.get());
                for (int extra = 0; extra < poll % 3; extra++) {
                    cut.take();
                    callTimes.add(now.get());
                }
                poll++;
            }
            now.addAndGet(7_000_000L);
        }
        int busiest = 0;
        for (int i = 0, j = 0; i < callTimes.size(); i++) {
            while (callTimes.get(i) - callTimes.get(j) >= 1_000_000_000L) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        assertTrue(busiest <= 6, "at most 1 + 5 calls in any second, saw " + busiest);
        assertEquals(300, callTimes.size(), 3);
    }

    @Test
    void anIdleSpellSavesUpOneTokenAtMost() {
        now.addAndGet(10_000_000_000L);
        List<Long> granted = new ArrayList<>();
        long start = now.get();
        while (now.get() < start + 1_000_000_000L) {
            if (cut.tryTake()) {
                granted.add((now.get() - start) / 1_000_000L);
            }
            now.addAndGet(1_000_000L);
        }
        assertEquals(List.of(0L, 200L, 400L, 600L, 800L), granted,
                "after 10 idle seconds: the one saved token, then one every 200 ms (ms into the second)");
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CallBudget(0, now::get));
    }
}
