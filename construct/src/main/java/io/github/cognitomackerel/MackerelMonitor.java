package io.github.cognitomackerel;

import io.github.cognitomackerel.internal.Durations;
import io.github.cognitomackerel.settings.Measure;
import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * A Mackerel service-metric monitor on a series this construct posts, for {@code mackerelMonitors}. Build one with a
 * factory method; each value is checked against Mackerel's rules when it is set, and the series against the
 * configuration when the construct is created, so a monitor cannot watch a series the exporter never posts.
 *
 * <pre>{@code
 * List<MackerelMonitor> monitors = List.of(
 *         MackerelMonitor.exporterStopped(Duration.minutes(30)),
 *         MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE)
 *                 .client("web")
 *                 .warning(20)
 *                 .critical(100)
 *                 .points(3)
 *                 .build());
 * }</pre>
 */
public final class MackerelMonitor {

    /** Mackerel's limit on a monitor's memo. */
    public static final int MAX_MEMO = 2048;
    /** Mackerel's longest missing-data duration: one week. */
    public static final Duration MAX_MISSING = Duration.days(7);

    /** What the monitor watches. */
    enum Kind {
        /** The exporter's heartbeat series stops arriving. */
        EXPORTER_STOPPED,
        /** A Cognito series crosses a threshold. */
        THRESHOLD
    }

    private final Kind kind;
    private final CognitoActivity activity;
    private final Measure measure;
    private final String client;
    private final String operator;
    private final Number warning;
    private final Number critical;
    private final int points;
    private final int maxCheckAttempts;
    private final Integer notificationIntervalMinutes;
    private final Integer missingMinutes;
    private final String name;
    private final String memo;

    private MackerelMonitor(Builder builder) {
        this.kind = builder.kind;
        this.activity = builder.activity;
        this.measure = builder.measure;
        this.client = builder.client;
        this.operator = builder.operator;
        this.warning = builder.warning;
        this.critical = builder.critical;
        this.points = builder.points;
        this.maxCheckAttempts = builder.maxCheckAttempts;
        this.notificationIntervalMinutes = builder.notificationIntervalMinutes;
        this.missingMinutes = builder.missingMinutes;
        this.name = builder.name;
        this.memo = builder.memo;
    }

    /**
     * A critical alert when the exporter's heartbeat series ({@code <prefix>.exporter.heartbeat}, posted by every
     * run) has not arrived for {@code after}: the exporter stopped, fails, or cannot reach Mackerel.
     *
     * @param after a multiple of 10 minutes, at most 7 days (Mackerel's rule for missing-data monitoring)
     */
    public static MackerelMonitor exporterStopped(Duration after) {
        Builder builder = new Builder(Kind.EXPORTER_STOPPED, null, null, "<");
        builder.missingMinutes = missingMinutes(after);
        return builder.build();
    }

    /**
     * A monitor that alerts when the average of the last {@code points} values of a series is above the warning or
     * critical threshold.
     */
    public static Builder above(CognitoActivity activity, Measure measure) {
        return new Builder(Kind.THRESHOLD, activity, measure, ">");
    }

    /** Like {@link #above}, when the average is below a threshold (e.g. sign-ins dropping to nothing). */
    public static Builder below(CognitoActivity activity, Measure measure) {
        return new Builder(Kind.THRESHOLD, activity, measure, "<");
    }

    Kind getKind() {
        return kind;
    }

    /** The activity watched; {@code null} for {@link #exporterStopped}. */
    public CognitoActivity getActivity() {
        return activity;
    }

    /** The measure watched; {@code null} for {@link #exporterStopped}. */
    public Measure getMeasure() {
        return measure;
    }

    /** The client alias watched, {@code total} for the sum over all clients; {@code null} for the heartbeat. */
    public String getClient() {
        return client;
    }

    /** {@code >} or {@code <}. */
    public String getOperator() {
        return operator;
    }

    /** The warning threshold, or {@code null}. */
    public Number getWarning() {
        return warning;
    }

    /** The critical threshold, or {@code null}. */
    public Number getCritical() {
        return critical;
    }

    /** How many of the latest values are averaged (Mackerel's {@code duration}). */
    public int getPoints() {
        return points;
    }

    /** Consecutive breaches before an alert. */
    public int getMaxCheckAttempts() {
        return maxCheckAttempts;
    }

    /** Minutes between repeated notifications, or {@code null} for none. */
    public Integer getNotificationIntervalMinutes() {
        return notificationIntervalMinutes;
    }

    /** Minutes without data before a critical alert (the heartbeat monitor), or {@code null}. */
    public Integer getMissingMinutes() {
        return missingMinutes;
    }

    /** The name given with {@link Builder#name}, or {@code null} for a name made from the series. */
    public String getName() {
        return name;
    }

    /** The memo, or {@code null}. */
    public String getMemo() {
        return memo;
    }

    private static int missingMinutes(Duration after) {
        Objects.requireNonNull(after, "'after' is required, e.g. Duration.minutes(30)");
        if (after.isUnresolved()) {
            throw new IllegalArgumentException("'after' of MackerelMonitor.exporterStopped must be a literal "
                    + "duration, not a token");
        }
        long seconds = Durations.seconds(after);
        if (seconds % 600 != 0 || seconds < 600 || seconds > Durations.seconds(MAX_MISSING)) {
            throw new IllegalArgumentException("'after' of MackerelMonitor.exporterStopped must be a multiple of 10 "
                    + "minutes from 10 minutes to 7 days (Mackerel's rule for missing-data monitoring), got "
                    + Durations.describe(after) + "; e.g. Duration.minutes(30)");
        }
        return (int) (seconds / 60);
    }

    /** Builds a threshold monitor; see {@link MackerelMonitor#above}. */
    public static final class Builder {
        private final Kind kind;
        private final CognitoActivity activity;
        private final Measure measure;
        private final String operator;
        private String client = CognitoMackerelMetricsProps.TOTAL_CLIENT;
        private Number warning;
        private Number critical;
        private int points = 1;
        private int maxCheckAttempts = 1;
        private Integer notificationIntervalMinutes;
        private Integer missingMinutes;
        private String name;
        private String memo;

        private Builder(Kind kind, CognitoActivity activity, Measure measure, String operator) {
            if (kind == Kind.THRESHOLD) {
                Objects.requireNonNull(activity, "'activity' is required, e.g. CognitoActivity.SIGN_IN");
                Objects.requireNonNull(measure, "'measure' is required, e.g. Measure.FAILURE");
            }
            this.kind = kind;
            this.activity = activity;
            this.measure = measure;
            this.operator = operator;
        }

        /**
         * The client alias (a key of {@code clients}) whose series is watched.
         *
         * @default "total" - the sum over every client of the pool
         */
        public Builder client(String client) {
            this.client = Objects.requireNonNull(client, "'client' must not be null");
            return this;
        }

        /**
         * The threshold for a warning alert.
         *
         * @default - no warning alert (set it, {@code critical}, or both)
         */
        public Builder warning(Number warning) {
            this.warning = finite("warning", warning);
            return this;
        }

        /**
         * The threshold for a critical alert.
         *
         * @default - no critical alert (set it, {@code warning}, or both)
         */
        public Builder critical(Number critical) {
            this.critical = finite("critical", critical);
            return this;
        }

        /**
         * How many of the latest values are averaged before comparing (Mackerel's {@code duration}): 1 to 10.
         *
         * @default 1
         */
        public Builder points(Number points) {
            this.points = whole("points", points, 1, 10);
            return this;
        }

        /**
         * How many consecutive breaches raise the alert: 1 to 10.
         *
         * @default 1
         */
        public Builder maxCheckAttempts(Number maxCheckAttempts) {
            this.maxCheckAttempts = whole("maxCheckAttempts", maxCheckAttempts, 1, 10);
            return this;
        }

        /**
         * How often Mackerel repeats the notification while the alert is open: whole minutes, at least 10.
         *
         * @default - notified once
         */
        public Builder notificationInterval(Duration notificationInterval) {
            Objects.requireNonNull(notificationInterval, "'notificationInterval' must not be null");
            if (notificationInterval.isUnresolved()) {
                throw new IllegalArgumentException("'notificationInterval' must be a literal duration, not a token");
            }
            long seconds = Durations.seconds(notificationInterval);
            if (seconds % 60 != 0 || seconds < 600) {
                throw new IllegalArgumentException("'notificationInterval' must be whole minutes, at least 10 "
                        + "(Mackerel's rule), got " + Durations.describe(notificationInterval));
            }
            this.notificationIntervalMinutes = (int) (seconds / 60);
            return this;
        }

        /**
         * The monitor's name in Mackerel.
         *
         * @default - made from the series, e.g. {@code sign_in failure (web) > 100}
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("'name' must not be empty");
            }
            this.name = name;
            return this;
        }

        /**
         * Notes shown with the alert, e.g. what to do: at most 2048 characters.
         *
         * @default - none
         */
        public Builder memo(String memo) {
            if (memo != null && memo.length() > MAX_MEMO) {
                throw new IllegalArgumentException("'memo' must be at most " + MAX_MEMO + " characters (Mackerel's "
                        + "limit), got " + memo.length());
            }
            this.memo = memo;
            return this;
        }

        /**
         * Builds the monitor.
         *
         * @throws IllegalArgumentException when neither {@code warning} nor {@code critical} is set
         */
        public MackerelMonitor build() {
            if (kind == Kind.THRESHOLD && warning == null && critical == null) {
                throw new IllegalArgumentException("MackerelMonitor " + operator + " on " + activity.getValue() + " "
                        + measure.id() + " needs a threshold: set 'warning', 'critical' or both");
            }
            return new MackerelMonitor(this);
        }

        private static Number finite(String prop, Number value) {
            Objects.requireNonNull(value, "'" + prop + "' must not be null");
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("'" + prop + "' must be a finite number, got " + value);
            }
            return value;
        }

        private static int whole(String prop, Number value, int min, int max) {
            Objects.requireNonNull(value, "'" + prop + "' must not be null");
            double d = value.doubleValue();
            if (d != Math.rint(d) || d < min || d > max) {
                throw new IllegalArgumentException("'" + prop + "' must be a whole number from " + min + " to " + max
                        + " (Mackerel's range), got " + value);
            }
            return (int) d;
        }
    }
}
