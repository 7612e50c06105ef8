package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.settings.ExporterSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The periods one run exports: T aligned down to the period is the (exclusive) end, and every period start in
 * {@code [end - lookback, end)} is exported. The period containing T is still filling up and is left for a later run.
 *
 * @param start first period start (inclusive), epoch-aligned to the period
 * @param end aligned T (exclusive)
 * @param periodSeconds the period
 */
public record Window(Instant start, Instant end, int periodSeconds) {

    /** Checks the window is aligned and non-empty. */
    public Window {
        if (periodSeconds <= 0 || start.getEpochSecond() % periodSeconds != 0
                || end.getEpochSecond() % periodSeconds != 0 || !start.isBefore(end)
                || start.getNano() != 0 || end.getNano() != 0) {
            throw new IllegalArgumentException("not an aligned window: " + start + "/" + end + " period " + periodSeconds);
        }
    }

    /**
     * The window ending at T aligned down to the period.
     *
     * @param t the time the run is for (a scheduled time, a backfill time or now)
     * @param periodSeconds 60 or 300 (any positive value works)
     * @param lookbackSeconds a positive multiple of the period, at most ExporterSettings.MAX_AGE_SECONDS
     */
    public static Window endingAt(Instant t, int periodSeconds, int lookbackSeconds) {
        if (periodSeconds <= 0 || lookbackSeconds < periodSeconds || lookbackSeconds % periodSeconds != 0
                || lookbackSeconds > ExporterSettings.MAX_AGE_SECONDS) {
            throw new IllegalArgumentException("lookback " + lookbackSeconds + " must be a multiple of the period "
                    + periodSeconds + " and at most " + ExporterSettings.MAX_AGE_SECONDS);
        }
        long end = Math.floorDiv(t.getEpochSecond(), (long) periodSeconds) * periodSeconds;
        return new Window(Instant.ofEpochSecond(end - lookbackSeconds), Instant.ofEpochSecond(end), periodSeconds);
    }

    /**
     * The periods of a range: {@code from} aligned down to the period (its period is included) to {@code to} aligned
     * down (exclusive: the period containing {@code to} is left out, as for {@link #endingAt}).
     *
     * @throws IllegalArgumentException when that leaves no whole period
     */
    public static Window between(Instant from, Instant to, int periodSeconds) {
        Instant start = alignDown(from, periodSeconds);
        Instant end = alignDown(to, periodSeconds);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("no whole period of " + periodSeconds + " s between " + from + " and "
                    + to);
        }
        return new Window(start, end, periodSeconds);
    }

    /** {@code t} aligned down to a multiple of the period since the epoch. */
    public static Instant alignDown(Instant t, int periodSeconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), (long) periodSeconds) * periodSeconds);
    }

    /** {@code t} aligned up to a multiple of the period since the epoch ({@code t} itself when aligned). */
    public static Instant alignUp(Instant t, int periodSeconds) {
        Instant down = alignDown(t, periodSeconds);
        return down.equals(t) ? down : down.plusSeconds(periodSeconds);
    }

    /** How many periods the window holds. */
    public long periods() {
        return (end.getEpochSecond() - start.getEpochSecond()) / periodSeconds;
    }

    /** The same periods from {@code newStart} (aligned, inside this window) on. */
    public Window from(Instant newStart) {
        return new Window(newStart, end, periodSeconds);
    }

    /** Consecutive windows of at most {@code maxPeriods} periods each, oldest first, covering this one. */
    public List<Window> split(long maxPeriods) {
        if (maxPeriods < 1) {
            throw new IllegalArgumentException("maxPeriods must be positive, got " + maxPeriods);
        }
        List<Window> parts = new ArrayList<>();
        long step = maxPeriods * periodSeconds;
        for (long s = start.getEpochSecond(); s < end.getEpochSecond(); s += step) {
            parts.add(new Window(Instant.ofEpochSecond(s), Instant.ofEpochSecond(Math.min(end.getEpochSecond(),
                    s + step)), periodSeconds));
        }
        return parts;
    }

    /** Every period start in the window, ascending, as epoch seconds. */
    public List<Long> periodStarts() {
        List<Long> starts = new ArrayList<>();
        for (long s = start.getEpochSecond(); s < end.getEpochSecond(); s += periodSeconds) {
            starts.add(s);
        }
        return starts;
    }

    /** {@code start/end} in ISO-8601, e.g. {@code 2026-11-23T11:50:00Z/2026-11-23T12:05:00Z}. */
    @Override
    public String toString() {
        return start + "/" + end;
    }
}
