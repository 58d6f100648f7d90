package io.meshwatch.cloudwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    final AtomicLong now = new AtomicLong();

    @Test
    void grantsFiveCallsASecondAndNoBurstBeyondOne() {
        CallBudget cut = new CallBudget(5, now::get);
        int granted = 0;
        // Ten seconds in 10 ms steps, asking for a call at every step.
        for (int step = 0; step < 1000; step++) {
            if (cut.tryTake(1)) {
                granted++;
            }
            now.addAndGet(10_000_000L);
        }
        assertEquals(50, granted, 1);
    }

    @Test
    void aPollOfSeveralStreamsRunsIntoDebtThatLaterRefillsRepay() {
        CallBudget cut = new CallBudget(5, now::get);
        assertTrue(cut.tryTake(3));
        assertFalse(cut.tryTake(1), "two calls of debt");
        now.addAndGet(400_000_000L);
        assertFalse(cut.tryTake(1), "after 0.4 s the debt is paid but no token is whole");
        now.addAndGet(200_000_000L);
        assertTrue(cut.tryTake(1));
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CallBudget(0, now::get));
    }
}
