package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.Chunks;
import io.github.cognitomackerel.runtime.internal.ExportException;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.Measure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudWatch queries of one run. For each configured activity and each client (configured aliases, then pool
 * clients found by {@code ListMetrics} that are not configured, by id) it reads success (Sum of
 * {@code <A>Successes}), attempt (SampleCount of {@code <A>Successes}) and throttle (Sum of {@code <A>Throttles});
 * federation is read once per identity provider seen for the client.
 *
 * <p>GetMetricData bills every metric requested, so a series is requested only when CloudWatch lists it for the
 * pool, with one exception: the {@code Successes} of the named clients ({@code clients}) of the activities without
 * identity provider are requested from the first run, listed or not, so a named client's first sign-ins show at
 * once (CloudWatch can take 15 minutes to list a new series). A series not requested has no data, which
 * {@link SeriesAssembler} posts as 0 with zero-fill, exactly as a listed series without datapoints. A listed series
 * that the previous listing did not hold is marked {@link MetricQuery#firstListed() first listed}, for backfill.
 * Pure: no AWS calls.
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

    /** Plans the queries for a configuration and what {@code ListMetrics} found, none of them first listed. */
    public static MetricQueryPlan build(ExporterConfig config, PoolInventory inventory) {
        return build(config, inventory, Optional.of(inventory));
    }

    /**
     * Plans the queries for a configuration and what {@code ListMetrics} found.
     *
     * @param previous the listing this instance saw before (the last one it exported with); empty on a cold start,
     *     when every listed series requested only because it is listed counts as first listed
     */
    public static MetricQueryPlan build(ExporterConfig config, PoolInventory inventory, Optional<PoolInventory> previous) {
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
                boolean named = config.clients().containsKey(segment);
                if (activity.perIdentityProvider()) {
                    for (String idp : inventory.identityProviders(clientId)) {
                        add(queries, activity, segment, clientId, idp, false, config.userPoolId(), inventory,
                                previous);
                    }
                } else {
                    add(queries, activity, segment, clientId, null, named, config.userPoolId(), inventory, previous);
                }
            }
        }
        return new MetricQueryPlan(new ArrayList<>(clientIdBySegment.keySet()), queries);
    }

    /** The queries of one client (and identity provider) for one activity: those its series allow. */
    private static void add(List<MetricQuery> queries, CognitoActivity activity, String segment, String clientId,
            String idp, boolean successesAlways, String userPoolId, PoolInventory inventory,
            Optional<PoolInventory> previous) {
        Map<String, String> dimensions = dimensions(userPoolId, clientId, idp);
        for (Measure measure : Measure.values()) {
            if (!measure.isQueried()) {
                continue;
            }
            String metric = measure.cloudWatchMetric(activity);
            boolean always = successesAlways && metric.equals(Measure.SUCCESS.cloudWatchMetric(activity));
            if (!always && !inventory.lists(metric, clientId, idp)) {
                continue;
            }
            boolean firstListed = !always
                    && previous.map(p -> !p.lists(metric, clientId, idp)).orElse(true);
            queries.add(new MetricQuery("q" + queries.size(), activity, segment, measure, dimensions, firstListed));
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

    /** Whether a query reads a series listed for the first time, whose earlier periods need a backfill. */
    public boolean hasFirstListed() {
        return queries.stream().anyMatch(MetricQuery::firstListed);
    }

    /** The queries split into GetMetricData calls of at most {@value #MAX_QUERIES_PER_CALL}. */
    public List<List<MetricQuery>> calls() {
        return Chunks.of(queries, MAX_QUERIES_PER_CALL);
    }
}
