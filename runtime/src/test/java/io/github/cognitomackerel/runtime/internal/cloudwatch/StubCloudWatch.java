package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * An in-memory CloudWatch for unit tests: {@code ListMetrics} over the metrics given data, {@code GetMetricData}
 * over that data, both paginated. Checks what GetMetricData requires (at most 500 queries, valid ids, ascending
 * scan, period-aligned window).
 */
public final class StubCloudWatch implements CloudWatchClient {

    private static final Pattern ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");

    /** metric name + dimensions (sorted) -> statistic -> time -> value. */
    private final Map<String, Map<String, TreeMap<Instant, Double>>> data = new LinkedHashMap<>();
    private final Set<Metric> metrics = new LinkedHashSet<>();
    public final List<ListMetricsRequest> listMetricsRequests = new ArrayList<>();
    public final List<GetMetricDataRequest> getMetricDataRequests = new ArrayList<>();
    public int metricsPageSize = 500;
    /** Datapoints per query per GetMetricData page. */
    public int pointsPerPage = Integer.MAX_VALUE;

    private static String key(String metricName, Map<String, String> dimensions) {
        return metricName + new TreeMap<>(dimensions);
    }

    /** Adds a datapoint (and the metric, for ListMetrics). */
    public StubCloudWatch put(String metricName, String statistic, Map<String, String> dimensions, String time,
            double value) {
        data.computeIfAbsent(key(metricName, dimensions), k -> new LinkedHashMap<>())
                .computeIfAbsent(statistic, s -> new TreeMap<>()).put(Instant.parse(time), value);
        List<Dimension> dims = new ArrayList<>();
        new TreeMap<>(dimensions).forEach((n, v) -> dims.add(Dimension.builder().name(n).value(v).build()));
        metrics.add(Metric.builder().namespace(Catalog.NAMESPACE).metricName(metricName).dimensions(dims).build());
        return this;
    }

    /** Sum and SampleCount of {@code <A>Successes} for a client at a time (attempts = SampleCount). */
    public StubCloudWatch successes(CognitoActivity activity, String pool, String client, String idp, String time,
            double success, double attempts) {
        Map<String, String> dims = dims(pool, client, idp);
        put(activity.cloudWatchStem() + "Successes", "Sum", dims, time, success);
        return put(activity.cloudWatchStem() + "Successes", "SampleCount", dims, time, attempts);
    }

    public StubCloudWatch throttles(CognitoActivity activity, String pool, String client, String idp, String time,
            double throttles) {
        return put(activity.cloudWatchStem() + "Throttles", "Sum", dims(pool, client, idp), time, throttles);
    }

    public static Map<String, String> dims(String pool, String client, String idp) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put(Catalog.DIMENSION_USER_POOL, pool);
        dims.put(Catalog.DIMENSION_CLIENT, client);
        if (idp != null) {
            dims.put(Catalog.DIMENSION_IDENTITY_PROVIDER, idp);
        }
        return dims;
    }

    public int calls() {
        return listMetricsRequests.size() + getMetricDataRequests.size();
    }

    @Override
    public ListMetricsResponse listMetrics(ListMetricsRequest request) {
        listMetricsRequests.add(request);
        List<Metric> matching = new ArrayList<>();
        for (Metric metric : metrics) {
            boolean ok = metric.namespace().equals(request.namespace());
            for (var filter : request.dimensions()) {
                ok &= metric.dimensions().stream()
                        .anyMatch(d -> d.name().equals(filter.name()) && d.value().equals(filter.value()));
            }
            if (ok) {
                matching.add(metric);
            }
        }
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(matching.size(), from + metricsPageSize);
        return ListMetricsResponse.builder().metrics(matching.subList(from, to))
                .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
    }

    @Override
    public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
        getMetricDataRequests.add(request);
        if (request.metricDataQueries().isEmpty() || request.metricDataQueries().size() > 500) {
            throw new AssertionError("GetMetricData takes 1-500 queries, got " + request.metricDataQueries().size());
        }
        if (request.scanBy() != ScanBy.TIMESTAMP_ASCENDING) {
            throw new AssertionError("expected ScanBy=TimestampAscending");
        }
        int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        boolean more = false;
        List<MetricDataResult> results = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (MetricDataQuery query : request.metricDataQueries()) {
            if (!ID.matcher(query.id()).matches() || !ids.add(query.id())) {
                throw new AssertionError("bad or duplicate query id " + query.id());
            }
            int period = query.metricStat().period();
            if (request.startTime().getEpochSecond() % period != 0 || request.endTime().getEpochSecond() % period != 0) {
                throw new AssertionError("window not aligned to the period");
            }
            Map<String, String> dims = new LinkedHashMap<>();
            query.metricStat().metric().dimensions().forEach(d -> dims.put(d.name(), d.value()));
            TreeMap<Instant, Double> series = data.getOrDefault(key(query.metricStat().metric().metricName(), dims),
                    Map.of()).getOrDefault(query.metricStat().stat(), new TreeMap<>());
            List<Instant> times = new ArrayList<>(series.subMap(request.startTime(), true, request.endTime(), false)
                    .keySet());
            long from = (long) page * pointsPerPage;
            long to = Math.min(times.size(), from + pointsPerPage);
            List<Instant> pageTimes = from >= times.size() ? List.of() : times.subList((int) from, (int) to);
            more |= to < times.size();
            results.add(MetricDataResult.builder().id(query.id()).timestamps(pageTimes)
                    .values(pageTimes.stream().map(series::get).toList())
                    .statusCode(to < times.size() ? StatusCode.PARTIAL_DATA : StatusCode.COMPLETE).build());
        }
        return GetMetricDataResponse.builder().metricDataResults(results)
                .nextToken(more ? String.valueOf(page + 1) : null).build();
    }

    @Override
    public String serviceName() {
        return "monitoring";
    }

    @Override
    public void close() {
    }
}
