package io.github.cognitomackerel.runtime.internal;

import java.util.Optional;

/**
 * A Cognito activity this runtime exports: our snake_case name and the CloudWatch metric-name stem
 * ({@code <stem>Successes}, {@code <stem>Throttles}). Part of the {@link Catalog}.
 */
public enum Activity {
    SIGN_UP("sign_up", "SignUp", false),
    SIGN_IN("sign_in", "SignIn", false),
    TOKEN_REFRESH("token_refresh", "TokenRefresh", false),
    FEDERATION("federation", "Federation", true);

    private final String id;
    private final String cloudWatchStem;
    private final boolean perIdentityProvider;

    Activity(String id, String cloudWatchStem, boolean perIdentityProvider) {
        this.id = id;
        this.cloudWatchStem = cloudWatchStem;
        this.perIdentityProvider = perIdentityProvider;
    }

    /** Our name, used in metric names and in {@code P/activities}, e.g. {@code sign_in}. */
    public String id() {
        return id;
    }

    /** The CloudWatch metric-name stem, e.g. {@code SignIn}. */
    public String cloudWatchStem() {
        return cloudWatchStem;
    }

    /** Whether CloudWatch splits this activity's metrics by the {@code IdentityProvider} dimension. */
    public boolean perIdentityProvider() {
        return perIdentityProvider;
    }

    /** The activity with this id, if any. */
    public static Optional<Activity> fromId(String id) {
        for (Activity activity : values()) {
            if (activity.id.equals(id)) {
                return Optional.of(activity);
            }
        }
        return Optional.empty();
    }

    /** The activity whose CloudWatch metric (e.g. {@code SignInSuccesses}) this is, if any. */
    public static Optional<Activity> fromCloudWatchMetric(String metricName) {
        for (Activity activity : values()) {
            for (Measure measure : Measure.values()) {
                if (measure.isQueried() && measure.cloudWatchMetric(activity).equals(metricName)) {
                    return Optional.of(activity);
                }
            }
        }
        return Optional.empty();
    }
}
