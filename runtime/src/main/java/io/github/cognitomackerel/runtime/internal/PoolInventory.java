package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.Catalog;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What CloudWatch knows about a user pool ({@code ListMetrics}): the app clients with Cognito metrics and, per
 * client, the identity providers seen on its federation metrics.
 */
public final class PoolInventory {

    private final SortedMap<String, SortedSet<String>> identityProvidersByClient;

    private PoolInventory(SortedMap<String, SortedSet<String>> identityProvidersByClient) {
        this.identityProvidersByClient = identityProvidersByClient;
    }

    /** An inventory from client id to the identity providers seen for it (possibly none). */
    public static PoolInventory of(Map<String, ? extends Set<String>> identityProvidersByClient) {
        SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
        identityProvidersByClient.forEach((client, idps) ->
                copy.put(client, Collections.unmodifiableSortedSet(new TreeSet<>(idps))));
        return new PoolInventory(Collections.unmodifiableSortedMap(copy));
    }

    /** An inventory without clients. */
    public static PoolInventory empty() {
        return of(Map.of());
    }

    /** Client ids with metrics, sorted. */
    public Set<String> clientIds() {
        return identityProvidersByClient.keySet();
    }

    /** Identity providers seen on this client's federation metrics, sorted; empty for an unknown client. */
    public SortedSet<String> identityProviders(String clientId) {
        return identityProvidersByClient.getOrDefault(clientId, Collections.emptySortedSet());
    }

    @Override
    public String toString() {
        return "PoolInventory" + identityProvidersByClient;
    }

    /** Collects an inventory from listed metrics. */
    public static final class Builder {
        private final SortedMap<String, SortedSet<String>> map = new TreeMap<>();

        /** Records one listed metric (metric name and its dimensions); metrics outside the catalog are ignored. */
        public Builder add(String metricName, Map<String, String> dimensions) {
            if (Catalog.activityOf(metricName).isEmpty()) {
                return this;
            }
            String client = dimensions.get(Catalog.DIMENSION_CLIENT);
            if (client == null || client.isEmpty()) {
                return this;
            }
            SortedSet<String> idps = map.computeIfAbsent(client, c -> new TreeSet<>());
            String idp = dimensions.get(Catalog.DIMENSION_IDENTITY_PROVIDER);
            if (idp != null && !idp.isEmpty() && Catalog.activityOf(metricName).get().perIdentityProvider()) {
                idps.add(idp);
            }
            return this;
        }

        public PoolInventory build() {
            return of(map);
        }
    }
}
