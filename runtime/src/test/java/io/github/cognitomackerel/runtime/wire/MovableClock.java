package io.github.cognitomackerel.runtime.wire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets to a scenario's time, after which it runs at real speed (so deadlines still pass while a run
 * works): what a handler sees when it is invoked at that time.
 */
final class MovableClock extends Clock {

    private volatile Instant base;
    private volatile long baseNanos;

    MovableClock(Instant start) {
        set(start);
    }

    /** Jumps to {@code now}; time runs on from there. */
    void set(Instant now) {
        base = now;
        baseNanos = System.nanoTime();
    }

    @Override
    public Instant instant() {
        return base.plus(Duration.ofNanos(System.nanoTime() - baseNanos));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
