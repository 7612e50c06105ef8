package io.github.cognitomackerel.settings;

import io.github.cognitomackerel.CognitoActivity;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated exporter configuration, made only by {@link ExporterSettings#parse}. Holds the name of the API key's
 * parameter, never the key.
 *
 * @param userPoolId Cognito user pool id
 * @param clients alias to app client id, sorted by alias
 * @param serviceName Mackerel service name
 * @param apiKeyParameter name of the SecureString parameter holding the Mackerel API key
 * @param mackerelBaseUrl Mackerel API base URL, lower-case scheme, ending with {@code /}
 * @param metricNamePrefix first segment(s) of every metric name
 * @param activities the activities to export, in catalog order
 * @param legacyClient alias or {@code total} whose sign-in is also posted under the legacy names, if any
 * @param periodSeconds 60 or 300
 * @param lookbackSeconds a multiple of the period, at most {@link ExporterSettings#MAX_AGE_SECONDS}
 * @param zeroFill whether periods without data are posted as 0
 * @param batchSize values per Mackerel POST
 * @param heartbeat whether each successful run also posts the exporter's own series
 * @param catchUpMaxAgeSeconds how far back a scheduled run may catch up after an outage
 */
public record ExporterConfig(
        String userPoolId,
        SortedMap<String, String> clients,
        String serviceName,
        String apiKeyParameter,
        URI mackerelBaseUrl,
        String metricNamePrefix,
        List<CognitoActivity> activities,
        Optional<String> legacyClient,
        int periodSeconds,
        int lookbackSeconds,
        boolean zeroFill,
        int batchSize,
        boolean heartbeat,
        int catchUpMaxAgeSeconds) {

    /** Copies the collections so a configuration cannot change after validation. */
    public ExporterConfig {
        Objects.requireNonNull(userPoolId, "userPoolId");
        clients = Collections.unmodifiableSortedMap(new TreeMap<>(clients));
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(apiKeyParameter, "apiKeyParameter");
        Objects.requireNonNull(mackerelBaseUrl, "mackerelBaseUrl");
        Objects.requireNonNull(metricNamePrefix, "metricNamePrefix");
        activities = List.copyOf(activities);
        Objects.requireNonNull(legacyClient, "legacyClient");
    }
}
