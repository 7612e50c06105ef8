package io.github.cognitomackerel.runtime.internal;

import java.util.List;

/**
 * What one run did.
 *
 * @param ok whether every value was posted (or, in a dry run, computed)
 * @param dryRun whether posting was skipped on purpose
 * @param window the exported periods; null when the run failed before knowing them
 * @param values the values computed (posted or to post); empty when the run failed before computing them
 * @param computed whether {@code values} were computed
 * @param stale values older than 24 hours, which Mackerel drops silently
 * @param stats calls, retries and values posted
 * @param durationMs how long the run took
 * @param failure why the run failed (never containing the key); null when ok
 * @param cause the exception behind the failure, if any
 */
public record RunResult(boolean ok, boolean dryRun, Window window, List<MetricValue> values, boolean computed,
        int stale, RunStats stats, long durationMs, String failure, Throwable cause) {

    /** Copies the values. */
    public RunResult {
        values = List.copyOf(values);
    }

    /** A run that failed before it could start (e.g. a bad event). */
    public static RunResult failedBeforeStart(String failure, Throwable cause, long durationMs) {
        return new RunResult(false, false, null, List.of(), false, 0, new RunStats(), durationMs, failure, cause);
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
