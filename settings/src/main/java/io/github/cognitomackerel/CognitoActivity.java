package io.github.cognitomackerel;

import java.util.Optional;

/**
 * A user-pool activity whose Amazon Cognito metrics are exported to Mackerel.
 *
 * <p>Each activity maps to a pair of CloudWatch metrics in the {@code AWS/Cognito} namespace
 * ({@code <Activity>Successes} and {@code <Activity>Throttles}) and to the Mackerel metric names
 * {@code <prefix>.<value>.<client>.{success,attempt,failure,throttle}}. The construct and the runtime share this one
 * definition (it lives in the settings module).
 */
public enum CognitoActivity {
    /** User registrations: CloudWatch {@code SignUpSuccesses}, {@code SignUpThrottles}. */
    SIGN_UP("sign_up", "SignUp", false),
    /** User authentications: CloudWatch {@code SignInSuccesses}, {@code SignInThrottles}. */
    SIGN_IN("sign_in", "SignIn", false),
    /** Token refreshes: CloudWatch {@code TokenRefreshSuccesses}, {@code TokenRefreshThrottles}. */
    TOKEN_REFRESH("token_refresh", "TokenRefresh", false),
    /** Federated sign-ins: CloudWatch {@code FederationSuccesses}, {@code FederationThrottles}, per identity provider. */
    FEDERATION("federation", "Federation", true);

    private final String value;
    private final String cloudWatchStem;
    private final boolean perIdentityProvider;

    CognitoActivity(String value, String cloudWatchStem, boolean perIdentityProvider) {
        this.value = value;
        this.cloudWatchStem = cloudWatchStem;
        this.perIdentityProvider = perIdentityProvider;
    }

    /**
     * The activity's name in the configuration and in Mackerel metric names.
     *
     * @return {@code sign_up}, {@code sign_in}, {@code token_refresh} or {@code federation}
     */
    public String getValue() {
        return value;
    }

    /**
     * The same as {@link #getValue()}, the name the runtime uses.
     *
     * @return e.g. {@code sign_in}
     */
    public String id() {
        return value;
    }

    /**
     * The CloudWatch metric-name stem.
     *
     * @return e.g. {@code SignIn}
     */
    public String cloudWatchStem() {
        return cloudWatchStem;
    }

    /**
     * Whether CloudWatch splits this activity's metrics by the {@code IdentityProvider} dimension.
     *
     * @return true for federation
     */
    public boolean perIdentityProvider() {
        return perIdentityProvider;
    }

    /**
     * The activity with this name.
     *
     * @param id e.g. {@code sign_in}
     * @return the activity, or empty
     */
    public static Optional<CognitoActivity> fromId(String id) {
        for (CognitoActivity activity : values()) {
            if (activity.value.equals(id)) {
                return Optional.of(activity);
            }
        }
        return Optional.empty();
    }
}
