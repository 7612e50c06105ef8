package io.github.cognitomackerel;

/**
 * What a Mackerel series of an activity counts: the last segment of {@code <prefix>.<activity>.<client>.<measure>}.
 */
public enum CognitoMeasure {
    /** Successful requests (CloudWatch {@code <Activity>Successes}, Sum). */
    SUCCESS("success"),
    /** All requests (CloudWatch {@code <Activity>Successes}, SampleCount). */
    ATTEMPT("attempt"),
    /** Failed requests: attempts minus successes. */
    FAILURE("failure"),
    /** Throttled requests (CloudWatch {@code <Activity>Throttles}, Sum). */
    THROTTLE("throttle");

    private final String value;

    CognitoMeasure(String value) {
        this.value = value;
    }

    /**
     * The measure's segment in Mackerel metric names.
     *
     * @return {@code success}, {@code attempt}, {@code failure} or {@code throttle}
     */
    public String getValue() {
        return value;
    }
}
