package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** Reads Cognito metrics from CloudWatch: the pool's clients ({@code ListMetrics}) and values ({@code GetMetricData}). */
public final class CloudWatchReader {

    private final CloudWatchClient cloudWatch;

    /** A reader using this client. */
    public CloudWatchReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    /**
     * The clients and identity providers with Cognito metrics in the pool ({@code ListMetrics} in {@code AWS/Cognito}
     * filtered by {@code UserPool}, every page).
     */
    public PoolInventory inventory(String userPoolId, RunStats stats, Log log) {
        PoolInventory.Builder inventory = new PoolInventory.Builder();
        String nextToken = null;
        try {
            do {
                ListMetricsRequest request = ListMetricsRequest.builder().namespace(Catalog.NAMESPACE)
                        .dimensions(DimensionFilter.builder().name(Catalog.DIMENSION_USER_POOL).value(userPoolId).build())
                        .nextToken(nextToken).build();
                stats.listMetricsCalls++;
                ListMetricsResponse response = cloudWatch.listMetrics(request);
                for (Metric metric : response.metrics()) {
                    Map<String, String> dimensions = new HashMap<>();
                    for (Dimension dimension : metric.dimensions()) {
                        dimensions.put(dimension.name(), dimension.value());
                    }
                    inventory.add(metric.metricName(), dimensions);
                }
                nextToken = response.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            throw new ExportException("Could not list the Cognito metrics of user pool " + userPoolId
                    + " in CloudWatch: " + e.getMessage(), e);
        }
        PoolInventory result = inventory.build();
        log.debug(() -> "clients with metrics in " + userPoolId + ": " + result);
        return result;
    }

    /**
     * Runs the plan over the window: {@code GetMetricData} with at most 500 queries per call, following every
     * {@code NextToken} and merging the pages per query id.
     *
     * @return per query id: period start (epoch seconds) to value; a query without data has no entry
     */
    public Map<String, Map<Long, Double>> read(MetricQueryPlan plan, Window window, RunStats stats, Log log) {
        Map<String, Map<Long, Double>> data = new HashMap<>();
        List<List<MetricQuery>> calls = plan.calls();
        for (int call = 0; call < calls.size(); call++) {
            List<MetricQuery> queries = calls.get(call);
            List<MetricDataQuery> requestQueries = new ArrayList<>(queries.size());
            for (MetricQuery query : queries) {
                requestQueries.add(toRequest(query, window.periodSeconds()));
            }
            int callNumber = call + 1;
            log.debug(() -> "getMetricData call " + callNumber + "/" + calls.size() + " window=" + window
                    + " period=" + window.periodSeconds() + " queries="
                    + queries.stream().map(MetricQuery::describe).collect(Collectors.joining(" ")));
            String nextToken = null;
            do {
                GetMetricDataRequest request = GetMetricDataRequest.builder().startTime(window.start())
                        .endTime(window.end()).scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(requestQueries)
                        .nextToken(nextToken).build();
                GetMetricDataResponse response;
                try {
                    stats.getMetricDataCalls++;
                    stats.metricsRequested += requestQueries.size();
                    response = cloudWatch.getMetricData(request);
                } catch (SdkException e) {
                    throw new ExportException("Could not read Cognito metrics from CloudWatch (GetMetricData): "
                            + e.getMessage(), e);
                }
                for (MetricDataResult result : response.metricDataResults()) {
                    merge(result, data);
                }
                if (response.hasMessages() && !response.messages().isEmpty()) {
                    log.debug(() -> "getMetricData messages: " + messages(response.messages()));
                }
                nextToken = response.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        }
        return data;
    }

    private static MetricDataQuery toRequest(MetricQuery query, int periodSeconds) {
        List<Dimension> dimensions = new ArrayList<>();
        query.dimensions().forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
        return MetricDataQuery.builder().id(query.id()).returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder().namespace(Catalog.NAMESPACE).metricName(query.metricName())
                                .dimensions(dimensions).build())
                        .period(periodSeconds).stat(query.statistic()).build())
                .build();
    }

    private static void merge(MetricDataResult result, Map<String, Map<Long, Double>> data) {
        StatusCode status = result.statusCode();
        if (status == StatusCode.INTERNAL_ERROR || status == StatusCode.FORBIDDEN) {
            throw new ExportException("CloudWatch GetMetricData answered " + result.statusCodeAsString()
                    + " for query " + result.id() + (result.hasMessages() ? ": " + messages(result.messages()) : ""));
        }
        List<Instant> timestamps = result.timestamps();
        List<Double> values = result.values();
        if (timestamps.size() != values.size()) {
            throw new ExportException("CloudWatch GetMetricData returned " + timestamps.size() + " timestamps but "
                    + values.size() + " values for query " + result.id());
        }
        Map<Long, Double> points = data.computeIfAbsent(result.id(), id -> new LinkedHashMap<>());
        for (int i = 0; i < timestamps.size(); i++) {
            points.put(timestamps.get(i).getEpochSecond(), values.get(i));
        }
    }

    private static String messages(List<MessageData> messages) {
        return messages.stream().map(m -> m.code() + " " + m.value()).collect(Collectors.joining("; "));
    }
}
