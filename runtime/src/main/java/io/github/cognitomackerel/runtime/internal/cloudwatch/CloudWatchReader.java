package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.Bounded;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import io.github.cognitomackerel.runtime.internal.run.Window;

import io.github.cognitomackerel.settings.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
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

/**
 * Reads Cognito metrics from CloudWatch: the pool's clients ({@code ListMetrics}) and values ({@code GetMetricData}).
 *
 * <p>Every call is bounded by the run's deadline (its API-call timeout is the time left, at most
 * {@link Bounded#MAX_AWS_CALL}), and paging stops with a clear reason when CloudWatch repeats a {@code NextToken} or the
 * deadline passes. What CloudWatch answers is checked, not trusted: a value that is not finite, a status this
 * exporter does not know, {@code PartialData} without a next page, or a timestamp off the period grid fails the run
 * (naming the query), rather than becoming a zero; CloudWatch's own {@code Messages} are logged at WARN.
 */
public final class CloudWatchReader {

    private final CloudWatchClient cloudWatch;
    private final Clock clock;

    /** A reader using this client, reading deadlines against {@code clock}. */
    public CloudWatchReader(CloudWatchClient cloudWatch, Clock clock) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The clients and identity providers with Cognito metrics in the pool ({@code ListMetrics} in {@code AWS/Cognito}
     * filtered by {@code UserPool}, every page).
     */
    public PoolInventory inventory(String userPoolId, Instant deadline, RunStats stats, Log log) {
        PoolInventory.Builder inventory = new PoolInventory.Builder();
        Paging paging = new Paging("ListMetrics");
        String nextToken = null;
        try {
            do {
                ListMetricsRequest request = ListMetricsRequest.builder().namespace(Catalog.NAMESPACE)
                        .dimensions(DimensionFilter.builder().name(Catalog.DIMENSION_USER_POOL).value(userPoolId).build())
                        .nextToken(nextToken).overrideConfiguration(callTime(deadline, paging)).build();
                stats.countListMetricsCall();
                ListMetricsResponse response = Bounded.call(() -> cloudWatch.listMetrics(request),
                        paging.limit.limit(), () -> paging.timedOut(null));
                for (Metric metric : response.metrics()) {
                    Map<String, String> dimensions = new HashMap<>();
                    for (Dimension dimension : metric.dimensions()) {
                        dimensions.put(dimension.name(), dimension.value());
                    }
                    inventory.add(metric.metricName(), dimensions);
                }
                nextToken = paging.next(response.nextToken());
            } while (nextToken != null);
        } catch (ApiCallTimeoutException e) {
            throw paging.timedOut(e);
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
    public Map<String, Map<Long, Double>> read(MetricQueryPlan plan, Window window, Instant deadline, RunStats stats,
            Log log) {
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
            Paging paging = new Paging("GetMetricData");
            Set<String> partial = new LinkedHashSet<>();
            String nextToken = null;
            do {
                GetMetricDataRequest request = GetMetricDataRequest.builder().startTime(window.start())
                        .endTime(window.end()).scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(requestQueries)
                        .nextToken(nextToken).overrideConfiguration(callTime(deadline, paging)).build();
                GetMetricDataResponse response;
                try {
                    stats.countGetMetricDataCall(requestQueries.size());
                    response = Bounded.call(() -> cloudWatch.getMetricData(request), paging.limit.limit(),
                            () -> paging.timedOut(null));
                } catch (ApiCallTimeoutException e) {
                    throw paging.timedOut(e);
                } catch (SdkException e) {
                    throw new ExportException("Could not read Cognito metrics from CloudWatch (GetMetricData): "
                            + e.getMessage(), e);
                }
                for (MetricDataResult result : response.metricDataResults()) {
                    merge(result, window, data, partial, log);
                }
                if (response.hasMessages() && !response.messages().isEmpty()) {
                    log.warn("CloudWatch GetMetricData said: " + messages(response.messages()));
                }
                nextToken = paging.next(response.nextToken());
            } while (nextToken != null);
            if (!partial.isEmpty()) {
                throw new ExportException("CloudWatch GetMetricData answered PartialData for " + partial
                        + " without a NextToken for the rest: the values would be incomplete, so none are posted;"
                        + " the next run reads the window again");
            }
        }
        return data;
    }

    /** The per-call override: API-call timeout = the time left before the deadline, at most {@link Bounded#MAX_AWS_CALL}. */
    private AwsRequestOverrideConfiguration callTime(Instant deadline, Paging paging) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.toMillis() <= 0) {
            throw new ExportException("Stopped reading CloudWatch (" + paging.operation + ") after " + paging.pages
                    + (paging.pages == 1 ? " page" : " pages") + ": the run's deadline passed");
        }
        paging.limit = Bounded.CallLimit.of(left);
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(paging.limit.limit()).build();
    }

    /** The pages of one paged call: refuses a {@code NextToken} seen before, which would page forever. */
    private static final class Paging {
        final String operation;
        final Set<String> tokens = new HashSet<>();
        int pages;
        /** The bound of the current call. */
        Bounded.CallLimit limit = Bounded.CallLimit.of(Bounded.MAX_AWS_CALL);

        Paging(String operation) {
            this.operation = operation;
        }

        /** The failure of a call the SDK cut at its API-call timeout: which bound it was. */
        ExportException timedOut(ApiCallTimeoutException e) {
            return new ExportException("Stopped reading CloudWatch (" + operation + ") on page " + (pages + 1) + ": "
                    + limit.reason(), e);
        }

        /** The token of the next page, or null when there is none. */
        String next(String token) {
            pages++;
            if (token == null || token.isEmpty()) {
                return null;
            }
            if (!tokens.add(token)) {
                throw new ExportException("CloudWatch " + operation + " answered page " + pages + " with the "
                        + "NextToken of an earlier page: stopped paging, which would never end");
            }
            return token;
        }
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

    private static void merge(MetricDataResult result, Window window, Map<String, Map<Long, Double>> data,
            Set<String> partial, Log log) {
        StatusCode status = result.statusCode();
        String messages = result.hasMessages() && !result.messages().isEmpty()
                ? ": " + messages(result.messages()) : "";
        if (status == StatusCode.INTERNAL_ERROR || status == StatusCode.FORBIDDEN) {
            throw new ExportException("CloudWatch GetMetricData answered " + result.statusCodeAsString()
                    + " for query " + result.id() + messages);
        }
        if (status != StatusCode.COMPLETE && status != StatusCode.PARTIAL_DATA) {
            throw new ExportException("CloudWatch GetMetricData answered status '" + result.statusCodeAsString()
                    + "' for query " + result.id() + ", which this exporter does not know (Complete and PartialData"
                    + " are read)" + messages + ": none of the run's values are posted");
        }
        if (!messages.isEmpty()) {
            log.warn("CloudWatch GetMetricData said about query " + result.id() + messages);
        }
        if (status == StatusCode.PARTIAL_DATA) {
            partial.add(result.id());
        } else {
            partial.remove(result.id());
        }
        List<Instant> timestamps = result.timestamps();
        List<Double> values = result.values();
        if (timestamps.size() != values.size()) {
            throw new ExportException("CloudWatch GetMetricData returned " + timestamps.size() + " timestamps but "
                    + values.size() + " values for query " + result.id());
        }
        Map<Long, Double> points = data.computeIfAbsent(result.id(), id -> new LinkedHashMap<>());
        for (int i = 0; i < timestamps.size(); i++) {
            Instant time = timestamps.get(i);
            Double value = values.get(i);
            if (value == null || !Double.isFinite(value)) {
                throw new ExportException("CloudWatch GetMetricData returned " + value + " for query " + result.id()
                        + " at " + time + ", which is not a count: none of the run's values are posted");
            }
            if (time.getNano() != 0 || Math.floorMod(time.getEpochSecond(), (long) window.periodSeconds()) != 0) {
                throw new ExportException("CloudWatch GetMetricData returned a value for query " + result.id()
                        + " at " + time + ", which is not the start of a " + window.periodSeconds() + "-second "
                        + "period: none of the run's values are posted");
            }
            points.put(time.getEpochSecond(), value);
        }
    }

    private static String messages(List<MessageData> messages) {
        return messages.stream().map(m -> m.code() + " " + m.value()).collect(Collectors.joining("; "));
    }
}
