package io.github.cognitomackerel.runtime.internal;

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
 */
public record MetricQuery(String id, CognitoActivity activity, String client, Measure measure,
        Map<String, String> dimensions) {

    /** The CloudWatch metric name, e.g. {@code SignInSuccesses}. */
    public String metricName() {
        return measure.cloudWatchMetric(activity);
    }

    /** The CloudWatch statistic, e.g. {@code Sum}. */
    public String statistic() {
        return measure.statistic();
    }

    /** For debug logs: {@code q3=SignInSuccesses/Sum{UserPool=..,UserPoolClient=..}}. */
    public String describe() {
        return id + "=" + metricName() + "/" + statistic() + dimensions;
    }
}
