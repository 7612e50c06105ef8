package io.github.cognitomackerel.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;

/** Not API: exact arithmetic on resolved {@link Duration}s. */
public final class Durations {
    private static final TimeConversionOptions FRACTIONAL = TimeConversionOptions.builder().integral(false).build();

    private Durations() {
    }

    /**
     * The duration in milliseconds, possibly fractional; the duration must not be a token.
     *
     * @param duration a resolved duration
     * @return its length in milliseconds
     */
    public static double millis(Duration duration) {
        return duration.toMilliseconds(FRACTIONAL).doubleValue();
    }

    /**
     * Whether the duration is a whole number of {@code unit}s.
     *
     * @param duration a resolved duration
     * @param unit the unit, e.g. {@code Duration.minutes(1)}
     * @return true if it is a whole multiple of {@code unit}
     */
    public static boolean isWholeMultipleOf(Duration duration, Duration unit) {
        double ratio = millis(duration) / millis(unit);
        return ratio == Math.rint(ratio);
    }

    /**
     * The duration in whole seconds; the duration must be resolved and a whole number of seconds.
     *
     * @param duration a resolved duration
     * @return its length in seconds
     */
    public static long seconds(Duration duration) {
        return Math.round(millis(duration) / 1000.0);
    }

    /**
     * A readable form for messages, e.g. {@code 7 minutes}.
     *
     * @param duration a resolved duration
     * @return the human string CDK gives it
     */
    public static String describe(Duration duration) {
        return duration.toHumanString();
    }
}
