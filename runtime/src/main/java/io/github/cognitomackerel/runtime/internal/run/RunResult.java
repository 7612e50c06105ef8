package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.MetricValue;

import java.time.Instant;
import java.util.List;

/**
 * What one run did.
 *
 * @param ok whether every value it set out to post was posted (or, in a dry run, computed); a catch-up stopped by the
 *     deadline is ok, with {@code caughtUpTo} saying where the next run continues
 * @param dryRun whether posting was skipped on purpose
 * @param window the exported periods; null when the run failed before knowing them
 * @param values the values computed (posted or to post); empty when the run failed before computing them
 * @param computed whether {@code values} were computed
 * @param leftOut values not posted because Mackerel would no longer keep them (older than 24 hours)
 * @param stats calls, retries and values posted
 * @param durationMs how long the run took
 * @param failure why the run failed (never containing the key); null when ok
 * @param cause the exception behind the failure, if any
 * @param notes what an operator should know about a run that is ok (values left out, periods that could not be
 *     caught up, where a catch-up stopped)
 * @param progress the end this run wrote to the progress parameter (its own, or, for a failed run, what earlier
 *     runs delivered); null when it wrote nothing
 * @param caughtUpTo where a catch-up stopped for the deadline (the next run continues there); null when the run
 *     finished its window
 */
public record RunResult(boolean ok, boolean dryRun, Window window, List<MetricValue> values, boolean computed,
        long leftOut, RunStats stats, long durationMs, String failure, Throwable cause, List<String> notes,
        Instant progress, Instant caughtUpTo) {

    /** Copies the lists. */
    public RunResult {
        values = List.copyOf(values);
        notes = List.copyOf(notes);
    }

    /** A run that posted (or, in a dry run, computed) every value it set out to. */
    public static RunResult ok(boolean dryRun, Window window, List<MetricValue> values, long leftOut, RunStats stats,
            long durationMs, List<String> notes, Instant progress, Instant caughtUpTo) {
        return new RunResult(true, dryRun, window, values, true, leftOut, stats, durationMs, null, null, notes,
                progress, caughtUpTo);
    }

    /** A run that failed for {@code failure}, with what it had done by then. */
    public static RunResult failed(boolean dryRun, Window window, List<MetricValue> values, boolean computed,
            long leftOut, RunStats stats, long durationMs, String failure, Throwable cause, List<String> notes,
            Instant progress) {
        return new RunResult(false, dryRun, window, values, computed, leftOut, stats, durationMs, failure, cause, notes,
                progress, null);
    }

    /** A run that failed before it could start (e.g. a bad event). */
    public static RunResult failedBeforeStart(String failure, Throwable cause, long durationMs) {
        return failed(false, null, List.of(), false, 0, new RunStats(), durationMs, failure, cause, List.of(), null);
    }

    /** Values for periods before the window: a backfill of series CloudWatch listed for the first time. */
    public int backfilled() {
        return window == null ? 0
                : (int) values.stream().filter(v -> v.time() < window.start().getEpochSecond()).count();
    }

    /** Distinct metric names among the values. */
    public int series() {
        return (int) values.stream().map(MetricValue::name).distinct().count();
    }
}
