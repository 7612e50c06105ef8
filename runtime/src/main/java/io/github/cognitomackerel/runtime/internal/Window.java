package io.github.cognitomackerel.runtime.internal;

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
