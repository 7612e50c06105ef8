package io.github.cognitomackerel;

/**
 * A user-pool activity whose Amazon Cognito metrics are exported to Mackerel.
 *
 * <p>Each activity maps to a pair of CloudWatch metrics in the {@code AWS/Cognito} namespace
 * ({@code <Activity>Successes} and {@code <Activity>Throttles}) and to the Mackerel metric names
 * {@code <prefix>.<value>.<client>.{success,attempt,failure,throttle}}.
 */
public enum CognitoActivity {
    /** User registrations: CloudWatch {@code SignUpSuccesses}, {@code SignUpThrottles}. */
    SIGN_UP("sign_up"),
    /** User authentications: CloudWatch {@code SignInSuccesses}, {@code SignInThrottles}. */
    SIGN_IN("sign_in"),
    /** Token refreshes: CloudWatch {@code TokenRefreshSuccesses}, {@code TokenRefreshThrottles}. */
    TOKEN_REFRESH("token_refresh"),
    /** Federated sign-ins: CloudWatch {@code FederationSuccesses}, {@code FederationThrottles}. */
    FEDERATION("federation");

    private final String value;

    CognitoActivity(String value) {
        this.value = value;
    }

    /**
     * The activity's name in the runtime's configuration and in Mackerel metric names.
     *
     * @return {@code sign_up}, {@code sign_in}, {@code token_refresh} or {@code federation}
     */
    public String getValue() {
        return value;
    }
}
