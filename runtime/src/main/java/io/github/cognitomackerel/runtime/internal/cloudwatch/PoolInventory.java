package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.Measure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What CloudWatch knows about a user pool ({@code ListMetrics}): the app clients with Cognito metrics, per client the
 * identity providers seen on its federation metrics, and exactly which series are listed (metric name and dimension
 * set), so that a series CloudWatch does not list is not requested (GetMetricData bills every metric requested).
 */
public final class PoolInventory {

    private final SortedMap<String, SortedSet<String>> identityProvidersByClient;
    private final Set<String> series;

    private PoolInventory(SortedMap<String, SortedSet<String>> identityProvidersByClient, Set<String> series) {
        this.identityProvidersByClient = identityProvidersByClient;
        this.series = series;
    }

    /**
     * An inventory from client id to the identity providers seen for it (possibly none), listing every series of
     * these clients and identity providers: {@code <A>Successes} and {@code <A>Throttles} of every activity.
     */
    public static PoolInventory of(Map<String, ? extends Set<String>> identityProvidersByClient) {
        Builder builder = new Builder();
        identityProvidersByClient.forEach((client, idps) -> {
            builder.client(client);
            for (CognitoActivity activity : CognitoActivity.values()) {
                for (Measure measure : Measure.values()) {
                    if (!measure.isQueried()) {
                        continue;
                    }
                    if (activity.perIdentityProvider()) {
                        idps.forEach(idp -> builder.add(measure.cloudWatchMetric(activity), dimensions(client, idp)));
                    } else {
                        builder.add(measure.cloudWatchMetric(activity), dimensions(client, null));
                    }
                }
            }
        });
        return builder.build();
    }

    /** An inventory without clients. */
    public static PoolInventory empty() {
        return new Builder().build();
    }

    /** Client ids with metrics, sorted. */
    public Set<String> clientIds() {
        return identityProvidersByClient.keySet();
    }

    /** Identity providers seen on this client's federation metrics, sorted; empty for an unknown client. */
    public SortedSet<String> identityProviders(String clientId) {
        return identityProvidersByClient.getOrDefault(clientId, Collections.emptySortedSet());
    }

    /**
     * Whether CloudWatch lists this metric with exactly these dimensions besides {@code UserPool} (the client, and
     * the identity provider for federation; {@code identityProvider} null for the others).
     */
    public boolean lists(String metricName, String clientId, String identityProvider) {
        return series.contains(key(metricName, dimensions(clientId, identityProvider)));
    }

    @Override
    public String toString() {
        return "PoolInventory" + identityProvidersByClient + " series=" + series.size();
    }

    private static Map<String, String> dimensions(String clientId, String identityProvider) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(Catalog.DIMENSION_CLIENT, clientId);
        if (identityProvider != null) {
            dimensions.put(Catalog.DIMENSION_IDENTITY_PROVIDER, identityProvider);
        }
        return dimensions;
    }

    /** {@code SignInThrottles{UserPoolClient=a}}: the name and the dimensions other than the pool, sorted. */
    private static String key(String metricName, Map<String, String> dimensionsWithoutPool) {
        return metricName + new TreeMap<>(dimensionsWithoutPool);
    }

    /** Collects an inventory from listed metrics. */
    public static final class Builder {
        private final SortedMap<String, SortedSet<String>> map = new TreeMap<>();
        private final Set<String> series = new TreeSet<>();

        private void client(String clientId) {
            map.computeIfAbsent(clientId, c -> new TreeSet<>());
        }

        /** Records one listed metric (metric name and its dimensions); metrics outside the catalog are ignored. */
        public Builder add(String metricName, Map<String, String> dimensions) {
            if (Catalog.activityOf(metricName).isEmpty()) {
                return this;
            }
            CognitoActivity activity = Catalog.activityOf(metricName).get();
            String client = dimensions.get(Catalog.DIMENSION_CLIENT);
            if (client == null || client.isEmpty()) {
                return this;
            }
            SortedSet<String> idps = map.computeIfAbsent(client, c -> new TreeSet<>());
            String idp = dimensions.get(Catalog.DIMENSION_IDENTITY_PROVIDER);
            boolean hasIdp = idp != null && !idp.isEmpty();
            if (hasIdp && activity.perIdentityProvider()) {
                idps.add(idp);
            }
            // The series the exporter would request: exactly UserPool, UserPoolClient[, IdentityProvider].
            Map<String, String> rest = new TreeMap<>(dimensions);
            rest.remove(Catalog.DIMENSION_USER_POOL);
            if (rest.size() == (activity.perIdentityProvider() ? 2 : 1)
                    && (!activity.perIdentityProvider() || hasIdp)) {
                series.add(key(metricName, rest));
            }
            return this;
        }

        public PoolInventory build() {
            SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
            map.forEach((client, idps) -> copy.put(client, Collections.unmodifiableSortedSet(new TreeSet<>(idps))));
            return new PoolInventory(Collections.unmodifiableSortedMap(copy),
                    Collections.unmodifiableSet(new TreeSet<>(series)));
        }
    }
}
