package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.Measure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudWatch queries of one run. For each configured activity and each client (configured aliases, then pool
 * clients found by {@code ListMetrics} that are not configured, by id) it reads success (Sum of
 * {@code <A>Successes}), attempt (SampleCount of {@code <A>Successes}) and throttle (Sum of {@code <A>Throttles});
 * federation is read once per identity provider seen for the client. Pure: no AWS calls.
 */
public final class MetricQueryPlan {

    /** GetMetricData accepts at most this many queries per call. */
    public static final int MAX_QUERIES_PER_CALL = 500;

    private final List<String> clients;
    private final List<MetricQuery> queries;

    private MetricQueryPlan(List<String> clients, List<MetricQuery> queries) {
        this.clients = List.copyOf(clients);
        this.queries = List.copyOf(queries);
    }

    /** Plans the queries for a configuration and what {@code ListMetrics} found. */
    public static MetricQueryPlan build(ExporterConfig config, PoolInventory inventory) {
        Map<String, String> clientIdBySegment = new LinkedHashMap<>(config.clients());
        for (String clientId : inventory.clientIds()) {
            if (config.clients().containsValue(clientId)) {
                continue;
            }
            // Names are snake_case: generated client ids are lower case already, but Cognito reports actions of
            // administrators under the client 'Admin', which becomes 'admin'.
            String segment = clientId.toLowerCase(Locale.ROOT);
            if (clientIdBySegment.containsKey(segment)) {
                throw new ExportException("App client '" + clientId + "' of user pool " + config.userPoolId()
                        + " has the same name as the alias '" + segment + "' (setting " + ExporterSettings.CLIENT_PREFIX + segment + ")"
                        + " (which names client '" + clientIdBySegment.get(segment) + "'): rename that alias");
            }
            clientIdBySegment.put(segment, clientId);
        }
        List<MetricQuery> queries = new ArrayList<>();
        for (CognitoActivity activity : config.activities()) {
            for (Map.Entry<String, String> client : clientIdBySegment.entrySet()) {
                String segment = client.getKey();
                String clientId = client.getValue();
                if (activity.perIdentityProvider()) {
                    for (String idp : inventory.identityProviders(clientId)) {
                        add(queries, activity, segment, dimensions(config.userPoolId(), clientId, idp));
                    }
                } else {
                    add(queries, activity, segment, dimensions(config.userPoolId(), clientId, null));
                }
            }
        }
        return new MetricQueryPlan(new ArrayList<>(clientIdBySegment.keySet()), queries);
    }

    private static void add(List<MetricQuery> queries, CognitoActivity activity, String client,
            Map<String, String> dimensions) {
        for (Measure measure : Measure.values()) {
            if (measure.isQueried()) {
                queries.add(new MetricQuery("q" + queries.size(), activity, client, measure, dimensions));
            }
        }
    }

    private static Map<String, String> dimensions(String userPoolId, String clientId, String identityProvider) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(Catalog.DIMENSION_USER_POOL, userPoolId);
        dimensions.put(Catalog.DIMENSION_CLIENT, clientId);
        if (identityProvider != null) {
            dimensions.put(Catalog.DIMENSION_IDENTITY_PROVIDER, identityProvider);
        }
        return Collections.unmodifiableMap(dimensions);
    }

    /** The client segments of the series (without {@code total}): aliases first, then raw ids. */
    public List<String> clients() {
        return clients;
    }

    /** Every query, ids {@code q0, q1, ...}. */
    public List<MetricQuery> queries() {
        return queries;
    }

    /** The queries split into GetMetricData calls of at most {@value #MAX_QUERIES_PER_CALL}. */
    public List<List<MetricQuery>> calls() {
        return Chunks.of(queries, MAX_QUERIES_PER_CALL);
    }
}
