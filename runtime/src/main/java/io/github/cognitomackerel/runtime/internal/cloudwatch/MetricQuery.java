package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Measure;
import java.util.Map;

/**
 * One CloudWatch {@code MetricDataQuery} of a plan: which series it feeds and what it reads.
 *
 * @param id query id, unique in the plan, matching {@code ^[a-z][a-zA-Z0-9_]*$}
 * @param activity the activity
 * @param client the client segment of the series it feeds (alias or raw client id)
 * @param measure a queried measure (success, attempt or throttle)
 * @param dimensions CloudWatch dimensions in a stable order (UserPool, UserPoolClient[, IdentityProvider])
 * @param firstListed whether the series is requested only because CloudWatch lists it and this instance has not
 *     seen it listed before (or cannot know, on a cold start): its earlier periods may have been posted as zeros and
 *     are backfilled
 */
public record MetricQuery(String id, CognitoActivity activity, String client, Measure measure,
        Map<String, String> dimensions, boolean firstListed) {

    /** The CloudWatch metric name, e.g. {@code SignInSuccesses}. */
    public String metricName() {
        return measure.cloudWatchMetric(activity);
    }

    /** The CloudWatch statistic, e.g. {@code Sum}. */
    public String statistic() {
        return measure.statistic();
    }

    /** For debug logs: {@code q3=SignInSuccesses/Sum{UserPool=..,UserPoolClient=..}}, {@code (new)} when first listed. */
    public String describe() {
        return id + "=" + metricName() + "/" + statistic() + dimensions + (firstListed ? "(new)" : "");
    }
}
