package io.github.cognitomackerel.settings;

import io.github.cognitomackerel.CognitoActivity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The single place that defines what is exported: the CloudWatch namespace and dimensions read, the
 * {@link CognitoActivity activities} and {@link Measure measures}, and how Mackerel metric names are built
 * ({@code <prefix>.<activity>.<client>.<measure>}), including the original script's legacy names and the exporter's
 * own series ({@code <prefix>.exporter.*}). The construct reads it to check monitors at synth; the runtime reads it to
 * name what it posts.
 */
public final class Catalog {

    /** The CloudWatch namespace of Cognito's metrics. */
    public static final String NAMESPACE = "AWS/Cognito";
    /** Dimension holding the user pool id. */
    public static final String DIMENSION_USER_POOL = "UserPool";
    /** Dimension holding the app client id. */
    public static final String DIMENSION_CLIENT = "UserPoolClient";
    /** Dimension holding the identity provider of federation metrics. */
    public static final String DIMENSION_IDENTITY_PROVIDER = "IdentityProvider";
    /** The client segment of the series summed over every client of the pool. */
    public static final String TOTAL = "total";
    /**
     * The client segment Cognito's own {@code Admin} client (administrator actions) gets: clients without an alias
     * are named by their lower-cased id.
     */
    public static final String ADMIN = "admin";
    /** Default metric-name prefix. */
    public static final String DEFAULT_PREFIX = "cognito";
    /** The original script's name for the chosen client's sign-in successes. */
    public static final String LEGACY_SIGN_IN_SUCCESS = "cognito.SignIn_Success";
    /** The original script's name for the chosen client's sign-in attempts. */
    public static final String LEGACY_SIGN_IN_ATTEMPT = "cognito.SignIn_Attempt";
    /** The segment after the prefix of the exporter's own series. */
    public static final String EXPORTER_SEGMENT = "exporter";

    private static final Pattern MACKEREL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    /** The exporter's own series, posted by every successful run unless the heartbeat is switched off. */
    public enum ExporterMetric {
        /** 1 at the run's reference period: missing means the exporter stopped. */
        HEARTBEAT("heartbeat"),
        /** How many values the run posted. */
        POSTED("posted"),
        /** How far behind real time the newest posted period is, in seconds. */
        LAG("lag_seconds");

        private final String id;

        ExporterMetric(String id) {
            this.id = id;
        }

        /**
         * The last segment of the name.
         *
         * @return e.g. {@code heartbeat}
         */
        public String id() {
            return id;
        }
    }

    private Catalog() {
    }

    /**
     * The Mackerel metric name {@code <prefix>.<activity>.<client>.<measure>}.
     *
     * @param prefix the metric-name prefix
     * @param activity the activity
     * @param client an alias, a lower-cased client id or {@link #TOTAL}
     * @param measure the measure
     * @return the name
     */
    public static String metricName(String prefix, CognitoActivity activity, String client, Measure measure) {
        return prefix + "." + activity.id() + "." + client + "." + measure.id();
    }

    /**
     * The name of one of the exporter's own series, {@code <prefix>.exporter.<id>}.
     *
     * @param prefix the metric-name prefix
     * @param metric which series
     * @return the name
     */
    public static String exporterMetricName(String prefix, ExporterMetric metric) {
        return prefix + "." + EXPORTER_SEGMENT + "." + metric.id();
    }

    /**
     * Whether Mackerel accepts this as a service metric name ({@code [a-zA-Z0-9._-]+}).
     *
     * @param name a name
     * @return true if valid
     */
    public static boolean isValidMackerelName(String name) {
        return name != null && MACKEREL_NAME.matcher(name).matches();
    }

    /**
     * Every activity name a run can post for these activities and clients (client segments, without
     * {@link #TOTAL}, which is added), plus the legacy names when {@code withLegacy}. Clients without an alias add
     * series under their ids, which only the pool knows at run time.
     *
     * @param prefix the metric-name prefix
     * @param activities the activities
     * @param clients the aliases
     * @param withLegacy whether the legacy names are posted
     * @return the names, in catalog order
     */
    public static List<String> metricNames(String prefix, Collection<CognitoActivity> activities,
            Collection<String> clients, boolean withLegacy) {
        List<String> names = new ArrayList<>();
        List<String> allClients = new ArrayList<>(clients);
        allClients.add(TOTAL);
        for (CognitoActivity activity : activities) {
            for (String client : allClients) {
                for (Measure measure : Measure.values()) {
                    names.add(metricName(prefix, activity, client, measure));
                }
            }
        }
        if (withLegacy) {
            names.add(LEGACY_SIGN_IN_SUCCESS);
            names.add(LEGACY_SIGN_IN_ATTEMPT);
        }
        return names;
    }

    /**
     * Every name a configuration makes the exporter post, known in advance: {@link #metricNames} for its aliases
     * and the exporter's own series when the heartbeat is on.
     *
     * @param config a valid configuration
     * @return the names, in catalog order
     */
    public static List<String> metricNames(ExporterConfig config) {
        List<String> names = metricNames(config.metricNamePrefix(), config.activities(), config.clients().keySet(),
                config.legacyClient().isPresent());
        if (config.heartbeat()) {
            for (ExporterMetric metric : ExporterMetric.values()) {
                names.add(exporterMetricName(config.metricNamePrefix(), metric));
            }
        }
        return names;
    }

    /**
     * The activity whose CloudWatch metric this is.
     *
     * @param metricName e.g. {@code SignInSuccesses}
     * @return the activity, or empty for a metric this exporter does not read
     */
    public static Optional<CognitoActivity> activityOf(String metricName) {
        for (CognitoActivity activity : CognitoActivity.values()) {
            for (Measure measure : Measure.values()) {
                if (measure.isQueried() && measure.cloudWatchMetric(activity).equals(metricName)) {
                    return Optional.of(activity);
                }
            }
        }
        return Optional.empty();
    }
}
