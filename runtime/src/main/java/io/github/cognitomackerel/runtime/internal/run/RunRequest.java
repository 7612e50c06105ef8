package io.github.cognitomackerel.runtime.internal.run;

import java.time.Instant;
import java.util.Objects;

/**
 * What one run is asked to export.
 *
 * <ul>
 *   <li>{@link Kind#SCHEDULED}: the periods before {@code time} (a scheduled event's time, or now), plus whatever
 *       earlier runs could not deliver (catch-up from the recorded progress); records how far it got.</li>
 *   <li>{@link Kind#BACKFILL}: the lookback before {@code time} (an event's {@code at}, the command line's
 *       {@code --at}); never reads nor moves the recorded progress.</li>
 *   <li>{@link Kind#RANGE}: every period from {@code from} to {@code time} (the command line's {@code --from} and
 *       {@code --to}); never reads nor moves the recorded progress.</li>
 * </ul>
 *
 * @param kind the kind of run
 * @param time T: the reference time (scheduled, backfill) or the end of the range
 * @param from the start of the range; null unless {@link Kind#RANGE}
 * @param dryRun compute the values but neither read the API key nor post
 */
public record RunRequest(Kind kind, Instant time, Instant from, boolean dryRun) {

    /** The kinds of run. */
    public enum Kind { SCHEDULED, BACKFILL, RANGE }

    /** Checks the fields fit the kind. */
    public RunRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        if ((kind == Kind.RANGE) != (from != null)) {
            throw new IllegalArgumentException("a range run, and only a range run, has a start");
        }
    }

    /** A scheduled run for T. */
    public static RunRequest scheduled(Instant time) {
        return new RunRequest(Kind.SCHEDULED, time, null, false);
    }

    /** A manual backfill of the lookback before T. */
    public static RunRequest backfill(Instant time) {
        return new RunRequest(Kind.BACKFILL, time, null, false);
    }

    /** Every period from {@code from} to {@code to}. */
    public static RunRequest range(Instant from, Instant to) {
        return new RunRequest(Kind.RANGE, to, from, false);
    }

    /** The same request, as a dry run or not. */
    public RunRequest withDryRun(boolean dryRun) {
        return new RunRequest(kind, time, from, dryRun);
    }

    /** Whether this run is the exporter's own (scheduled) run, which catches up, records progress and beats. */
    public boolean scheduled() {
        return kind == Kind.SCHEDULED;
    }
}
