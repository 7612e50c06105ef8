package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.runtime.internal.mackerel.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock tests move by hand, and a sleeper that moves it instead of sleeping (recording every wait). */
public final class FakeClock extends Clock {

    private volatile Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeClock(Instant now) {
        this.now = now;
    }

    public static FakeClock at(String instant) {
        return new FakeClock(Instant.parse(instant));
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Sleeps by advancing this clock. */
    public Sleeper sleeper() {
        return duration -> {
            sleeps.add(duration);
            advance(duration);
        };
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    @Override
    public Instant instant() {
        return now;
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
