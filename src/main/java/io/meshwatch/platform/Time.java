package io.meshwatch.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the database keeps them (microseconds), so an answer before and after storing agree. */
public final class Time {

    private Time() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static Instant now() {
        return now(Clock.systemUTC());
    }
}
