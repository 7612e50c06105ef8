package io.github.cognitomackerel.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The single place that defines what this runtime exports: the CloudWatch namespace and dimensions it reads, the
 * {@link Activity activities} and {@link Measure measures}, and how Mackerel metric names are built
 * ({@code <prefix>.<activity>.<client>.<measure>}), including the original script's legacy names.
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
    /** Default metric-name prefix. */
    public static final String DEFAULT_PREFIX = "cognito";
    /** The original script's name for the chosen client's sign-in successes. */
    public static final String LEGACY_SIGN_IN_SUCCESS = "cognito.SignIn_Success";
    /** The original script's name for the chosen client's sign-in attempts. */
    public static final String LEGACY_SIGN_IN_ATTEMPT = "cognito.SignIn_Attempt";

    private static final Pattern MACKEREL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    private Catalog() {
    }

    /** The Mackerel metric name {@code <prefix>.<activity>.<client>.<measure>}. */
    public static String metricName(String prefix, Activity activity, String client, Measure measure) {
        return prefix + "." + activity.id() + "." + client + "." + measure.id();
    }

    /** Whether Mackerel accepts this as a service metric name ({@code [a-zA-Z0-9._-]+}). */
    public static boolean isValidMackerelName(String name) {
        return name != null && MACKEREL_NAME.matcher(name).matches();
    }

    /**
     * Every name a run can post for these activities and clients (client segments, without {@link #TOTAL}, which
     * is added), plus the legacy names when {@code withLegacy}.
     */
    public static List<String> metricNames(String prefix, Collection<Activity> activities, Collection<String> clients,
            boolean withLegacy) {
        List<String> names = new ArrayList<>();
        List<String> allClients = new ArrayList<>(clients);
        allClients.add(TOTAL);
        for (Activity activity : activities) {
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
}
