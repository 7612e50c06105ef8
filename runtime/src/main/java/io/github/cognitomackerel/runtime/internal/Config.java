package io.github.cognitomackerel.runtime.internal;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The validated configuration of one exporter, read from SSM parameters under {@link #parameterPath()} by
 * {@link ConfigParser}. Holds the name of the API key's parameter, never the key.
 *
 * @param parameterPath the path P the settings were read from
 * @param userPoolId Cognito user pool id
 * @param clients alias to app client id, sorted by alias
 * @param serviceName Mackerel service name
 * @param apiKeyParameter name of the SecureString parameter holding the Mackerel API key
 * @param mackerelBaseUrl Mackerel API base URL, ending with {@code /}
 * @param metricNamePrefix first segment(s) of every metric name
 * @param activities the activities to export, in catalog order
 * @param legacyClient alias or {@code total} whose sign-in is also posted under the legacy names, if any
 * @param periodSeconds 60 or 300
 * @param lookbackSeconds multiple of the period, at most 86400
 * @param zeroFill whether periods without data are posted as 0
 * @param batchSize values per Mackerel POST
 * @param heartbeat whether scheduled runs also post the {@code <prefix>.exporter.*} series
 * @param catchUpMaxAgeSeconds how far back (from now) a scheduled run may reach to deliver what earlier runs could
 *     not; 0 turns catch-up off
 */
public record Config(
        String parameterPath,
        String userPoolId,
        SortedMap<String, String> clients,
        String serviceName,
        String apiKeyParameter,
        URI mackerelBaseUrl,
        String metricNamePrefix,
        List<Activity> activities,
        Optional<String> legacyClient,
        int periodSeconds,
        int lookbackSeconds,
        boolean zeroFill,
        int batchSize,
        boolean heartbeat,
        int catchUpMaxAgeSeconds) {

    /** Copies the collections so a config cannot change after validation. */
    public Config {
        clients = Collections.unmodifiableSortedMap(new TreeMap<>(clients));
        activities = List.copyOf(activities);
    }

    /** The full name of a setting under {@link #parameterPath()}, e.g. {@code /p/mackerel-service-name}. */
    public String parameterName(String relativeName) {
        return parameterPath + "/" + relativeName;
    }
}
