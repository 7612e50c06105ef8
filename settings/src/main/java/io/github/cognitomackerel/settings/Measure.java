package io.github.cognitomackerel.settings;

import io.github.cognitomackerel.CognitoActivity;

/**
 * What is measured for each activity and client. Three measures are read from CloudWatch; {@link #FAILURE} is
 * derived as attempt minus success. Part of the {@link Catalog}.
 */
public enum Measure {
    /** {@code Sum(<A>Successes)}. */
    SUCCESS("success", "Successes", "Sum"),
    /** {@code SampleCount(<A>Successes)}: every attempt publishes one sample (1 on success, 0 on failure). */
    ATTEMPT("attempt", "Successes", "SampleCount"),
    /** attempt - success. */
    FAILURE("failure", null, null),
    /** {@code Sum(<A>Throttles)}. */
    THROTTLE("throttle", "Throttles", "Sum");

    private final String id;
    private final String cloudWatchSuffix;
    private final String statistic;

    Measure(String id, String cloudWatchSuffix, String statistic) {
        this.id = id;
        this.cloudWatchSuffix = cloudWatchSuffix;
        this.statistic = statistic;
    }

    /** The last segment of a metric name, e.g. {@code success}. */
    public String id() {
        return id;
    }

    /** Whether this measure is read from CloudWatch (all but {@link #FAILURE}). */
    public boolean isQueried() {
        return statistic != null;
    }

    /** The CloudWatch metric this measure reads for an activity, e.g. {@code SignInSuccesses}. */
    public String cloudWatchMetric(CognitoActivity activity) {
        if (!isQueried()) {
            throw new IllegalStateException(this + " is derived, not read from CloudWatch");
        }
        return activity.cloudWatchStem() + cloudWatchSuffix;
    }

    /** The CloudWatch statistic, e.g. {@code Sum}. */
    public String statistic() {
        if (!isQueried()) {
            throw new IllegalStateException(this + " is derived, not read from CloudWatch");
        }
        return statistic;
    }
}
