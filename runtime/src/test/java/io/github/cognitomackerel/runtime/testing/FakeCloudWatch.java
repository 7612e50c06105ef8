package io.github.cognitomackerel.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A local Amazon CloudWatch that answers {@code GetMetricData} and {@code ListMetrics} in the two protocols of
 * CloudWatch's service model that current SDKs pick: Smithy RPC v2 CBOR (the AWS SDK for Java 2.x) and AWS JSON 1.0
 * (boto3/botocore, which ranks {@code json} before {@code smithy-rpc-v2-cbor}). Both reach the same operations, so
 * paging, tokens, {@link #failNext}, {@link #alterNextAnswer}, {@link #violations()} and {@link #requests()} behave
 * the same whichever a client speaks; each answer, error or not, goes back in the protocol of its request.
 *
 * <p>Point a real {@code CloudWatchClient} (or a boto3 {@code cloudwatch} client) at {@link #endpoint()} (with any
 * static credentials and region). Seed data with {@link #putSample}: samples are kept per minute, per metric
 * (namespace, name and exact dimension set), and aggregated into whatever period a query asks for.
 *
 * <p>The wire (a failing check answers HTTP 400 {@code com.amazonaws.cloudwatch#InvalidParameterValueException},
 * unless said otherwise, and is recorded in {@link #violations()}):
 * <ul>
 *   <li>RPC v2 CBOR: {@code POST /service/GraniteServiceVersion20100801/operation/<Op>},
 *       {@code Content-Type: application/cbor}, {@code smithy-protocol: rpc-v2-cbor}, a CBOR map body, timestamps as
 *       CBOR tag 1 (integer or floating-point epoch seconds). Another path or operation answers 404
 *       {@code UnknownOperationException}. Answers are CBOR, timestamps tagged.</li>
 *   <li>AWS JSON 1.0: {@code POST /}, {@code X-Amz-Target: GraniteServiceVersion20100801.<Op>},
 *       {@code Content-Type: application/x-amz-json-1.0}, a JSON object body, timestamps ({@code StartTime},
 *       {@code EndTime}) as JSON numbers of epoch seconds, whole or fractional (anything else is a violation). A
 *       missing or other target answers 400 {@code UnknownOperationException}. Answers are JSON with timestamps as
 *       epoch-second numbers. As CloudWatch is {@code awsQueryCompatible}, an error also carries the header
 *       {@code x-amzn-query-error: <Code>;<Fault>}: the error's {@code awsQueryError} code from the service model
 *       (e.g. {@code InvalidParameterValue} for {@code InvalidParameterValueException}; the shape name when it has
 *       none) and {@code Sender} for a 4xx, {@code Receiver} for a 5xx. The request header
 *       {@code x-amzn-query-mode: true} that botocore sends is accepted, not required.</li>
 * </ul>
 * Both: a SigV4 {@code Authorization} for the {@code monitoring} service (else 403
 * {@code IncompleteSignatureException}); a body that decodes (else 400 {@code SerializationException}) into an object
 * with only known members of the right types; for {@code GetMetricData}: 1..500 queries, ids matching
 * {@code ^[a-z][a-zA-Z0-9_]*$} and unique, a {@code MetricStat} in every query (no {@code Expression}), a
 * {@code Period} that is a positive multiple of 60, {@code StartTime} and {@code EndTime} aligned to every period with
 * start before end, a basic statistic ({@code SampleCount}, {@code Sum}, {@code Average}, {@code Minimum},
 * {@code Maximum}), a valid {@code ScanBy}, and a {@code NextToken} issued for the same request. Recorded requests
 * carry the decoded body with {@code StartTime} and {@code EndTime} as {@link Instant}s in both protocols.
 *
 * <p>Like the real service, {@code GetMetricData} returns only periods that have data, newest first unless
 * {@code ScanBy} is {@code TimestampAscending}, and paginates by data points: a page holds at most
 * {@link #setMaxDatapointsPerPage} points (or the request's {@code MaxDatapoints}, if smaller), one query's points may
 * continue on the next page ({@code StatusCode} {@code PartialData}, then {@code Complete}), and queries without data
 * are returned (empty, {@code Complete}) on the first page. Queries with {@code ReturnData=false} are not returned.
 *
 * <p>{@code ListMetrics} lists every series with a sample, unless {@link #setListingDelay} makes a new series wait,
 * as CloudWatch does ("allow up to 15 minutes for the metric to appear"), while {@code GetMetricData} answers for it
 * at once.
 */
public final class FakeCloudWatch implements AutoCloseable {

    /** The namespace {@link #putSample(String, Map, Instant, double, double)} uses. */
    public static final String COGNITO_NAMESPACE = "AWS/Cognito";
    /** The real service's default page size for {@code GetMetricData}, in data points. */
    public static final int DEFAULT_MAX_DATAPOINTS_PER_PAGE = 100_800;
    /** The real service's page size for {@code ListMetrics}. */
    public static final int DEFAULT_LIST_METRICS_PAGE_SIZE = 500;

    private static final String PATH_PREFIX = "/service/GraniteServiceVersion20100801/operation/";
    private static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";
    private static final String CBOR_CONTENT_TYPE = "application/cbor";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String QUERY_ERROR_HEADER = "x-amzn-query-error";
    /**
     * The {@code awsQueryError} codes of CloudWatch's error shapes (its service model, 2010-08-01); a shape not
     * listed here has none and goes by its name.
     */
    private static final Map<String, String> QUERY_ERROR_CODES = Map.ofEntries(
            Map.entry("ConcurrentModificationException", "ConcurrentModificationException"),
            Map.entry("DashboardInvalidInputError", "InvalidParameterInput"),
            Map.entry("DashboardNotFoundError", "ResourceNotFound"),
            Map.entry("InternalServiceFault", "InternalServiceError"),
            Map.entry("InvalidFormatFault", "InvalidFormat"),
            Map.entry("InvalidNextToken", "InvalidNextToken"),
            Map.entry("InvalidParameterCombinationException", "InvalidParameterCombination"),
            Map.entry("InvalidParameterValueException", "InvalidParameterValue"),
            Map.entry("LimitExceededException", "LimitExceededException"),
            Map.entry("LimitExceededFault", "LimitExceeded"),
            Map.entry("MissingRequiredParameterException", "MissingParameter"),
            Map.entry("ResourceNotFound", "ResourceNotFound"),
            Map.entry("ResourceNotFoundException", "ResourceNotFoundException"));
    private static final String ERROR_NAMESPACE = "com.amazonaws.cloudwatch#";
    private static final String INVALID_PARAMETER_VALUE = ERROR_NAMESPACE + "InvalidParameterValueException";
    private static final String GET_METRIC_DATA = "GetMetricData";
    private static final String LIST_METRICS = "ListMetrics";
    private static final List<String> OPERATIONS = List.of(GET_METRIC_DATA, LIST_METRICS);
    private static final Set<String> STATISTICS = Set.of("SampleCount", "Sum", "Average", "Minimum", "Maximum");
    private static final Set<String> SCAN_BY = Set.of("TimestampDescending", "TimestampAscending");
    private static final Pattern QUERY_ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");
    private static final int MINUTE = 60;

    private final Object lock = new Object();
    private final Map<SeriesKey, TreeMap<Long, Aggregate>> series = new HashMap<>();
    private int maxDatapointsPerPage = DEFAULT_MAX_DATAPOINTS_PER_PAGE;
    private int listMetricsPageSize = DEFAULT_LIST_METRICS_PAGE_SIZE;
    private final Map<String, Endless> endless = new HashMap<>();
    private final Map<String, java.util.Deque<java.util.function.Consumer<Map<String, Object>>>> alterations =
            new HashMap<>();
    private int endlessTokens;
    private Clock listingClock;
    private Duration listingDelay = Duration.ZERO;
    private final HttpFake http;

    private FakeCloudWatch() {
        this.http = HttpFake.start("FakeCloudWatch", this::handle);
    }

    /** Starts a fake CloudWatch on 127.0.0.1 and an ephemeral port. */
    public static FakeCloudWatch start() {
        return new FakeCloudWatch();
    }

    /** The base URI to give the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return http.endpoint();
    }

    /**
     * Adds a sample to metric {@code metricName} in {@link #COGNITO_NAMESPACE}.
     *
     * @see #putSample(String, String, Map, Instant, double, double)
     */
    public void putSample(String metricName, Map<String, String> dimensions, Instant time, double sum,
            double sampleCount) {
        putSample(COGNITO_NAMESPACE, metricName, dimensions, time, sum, sampleCount);
    }

    /**
     * Adds a (pre-aggregated) sample: {@code sampleCount} observations summing to {@code sum}, in the minute that
     * contains {@code time}. Samples in the same minute of the same metric accumulate. {@code Minimum} and
     * {@code Maximum} are answered from the mean ({@code sum / sampleCount}) of each call, so they are exact when each
     * call carries one observation ({@code sampleCount} 1).
     *
     * @param dimensions the metric's complete dimension set (may be empty); a metric is identified by namespace, name
     *     and exactly these dimensions, as in CloudWatch
     * @throws IllegalArgumentException for a blank name, a non-finite sum or a sample count that is not positive
     */
    public void putSample(String namespace, String metricName, Map<String, String> dimensions, Instant time,
            double sum, double sampleCount) {
        requireText(namespace, "namespace");
        requireText(metricName, "metricName");
        Objects.requireNonNull(time, "time");
        dimensions.forEach((name, value) -> {
            requireText(name, "dimension name");
            requireText(value, "value of dimension " + name);
        });
        if (!Double.isFinite(sum) || !(sampleCount > 0) || !Double.isFinite(sampleCount)) {
            throw new IllegalArgumentException("sum must be finite and sampleCount positive, got sum=" + sum
                    + " sampleCount=" + sampleCount);
        }
        SeriesKey key = new SeriesKey(namespace, metricName, Collections.unmodifiableMap(new TreeMap<>(dimensions)));
        long minute = Math.floorDiv(time.getEpochSecond(), MINUTE) * MINUTE;
        synchronized (lock) {
            series.computeIfAbsent(key, k -> new TreeMap<>())
                    .computeIfAbsent(minute, m -> new Aggregate())
                    .add(sum, sampleCount);
        }
    }

    /**
     * Sets how many data points one {@code GetMetricData} page holds (default
     * {@value #DEFAULT_MAX_DATAPOINTS_PER_PAGE}); a small value exercises a client's pagination.
     */
    public void setMaxDatapointsPerPage(int maxDatapointsPerPage) {
        if (maxDatapointsPerPage < 1) {
            throw new IllegalArgumentException("maxDatapointsPerPage must be positive, got " + maxDatapointsPerPage);
        }
        synchronized (lock) {
            this.maxDatapointsPerPage = maxDatapointsPerPage;
        }
    }

    /** Sets how many metrics one {@code ListMetrics} page holds (default {@value #DEFAULT_LIST_METRICS_PAGE_SIZE}). */
    public void setListMetricsPageSize(int listMetricsPageSize) {
        if (listMetricsPageSize < 1) {
            throw new IllegalArgumentException("listMetricsPageSize must be positive, got " + listMetricsPageSize);
        }
        synchronized (lock) {
            this.listMetricsPageSize = listMetricsPageSize;
        }
    }

    /** How a misbehaving CloudWatch pages forever (see {@link #pageForever}). */
    public enum Endless {
        /** Every page carries the same {@code NextToken}. */
        SAME_TOKEN,
        /** Every page carries a new {@code NextToken}, so only a deadline ends the paging. */
        NEW_TOKENS
    }

    /**
     * Makes {@code operation} ({@code GetMetricData} or {@code ListMetrics}) page forever, like a broken service: every
     * answer is the first page again, with a {@code NextToken}; tokens are then accepted without checking.
     * {@code null} pages normally again.
     */
    public void pageForever(String operation, Endless how) {
        synchronized (lock) {
            if (how == null) {
                endless.remove(operation);
            } else {
                endless.put(operation, how);
            }
        }
    }

    /**
     * Changes the next valid answer of {@code operation} before it is encoded, e.g. to put a NaN or an unknown
     * {@code StatusCode} in it: a CloudWatch answering what the real one should not. Calls queue.
     */
    public void alterNextAnswer(String operation, java.util.function.Consumer<Map<String, Object>> change) {
        synchronized (lock) {
            alterations.computeIfAbsent(operation, op -> new java.util.ArrayDeque<>()).add(change);
        }
    }

    /**
     * Lists a series only once {@code clock} has reached the minute of its earliest sample plus {@code delay}, as
     * CloudWatch takes a while to list a new metric. Without this call every series with a sample is listed.
     */
    public void setListingDelay(Clock clock, Duration delay) {
        Objects.requireNonNull(clock, "clock");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        synchronized (lock) {
            this.listingClock = clock;
            this.listingDelay = delay;
        }
    }

    /**
     * Makes the next valid call of {@code operation} fail with this error instead of answering. Calls queue: two
     * {@code failNext} fail the next two calls. Injected failures are not violations.
     *
     * @param status the HTTP status, e.g. 400 or 500 (the SDK retries 5xx and throttling errors)
     * @param errorType the error shape, e.g. {@code InvalidParameterValueException} or {@code LimitExceededFault};
     *     without a {@code #} it is prefixed with {@code com.amazonaws.cloudwatch#}
     */
    public void failNext(String operation, int status, String errorType, String message) {
        requireText(operation, "operation");
        requireText(errorType, "errorType");
        String type = errorType.contains("#") ? errorType : ERROR_NAMESPACE + errorType;
        http.injectFailure(operation, new ServiceError(status, type, message, false));
    }

    /** How many requests named {@code operation} (e.g. {@code GetMetricData}) arrived, valid or not. */
    public int calls(String operation) {
        return http.calls(operation);
    }

    /** Every request received, in arrival order; bodies are decoded (timestamps as {@link Instant}). */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The requests for one operation, in arrival order. */
    public List<RecordedRequest> requests(String operation) {
        return http.requests(operation);
    }

    /** Every invalid or unsupported request, described; empty when the client behaved. */
    public List<String> violations() {
        return http.violations();
    }

    /** Stops the server. */
    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------------------------------------- wire handling

    /** The two protocols the fake speaks; an answer (or error) goes back in the protocol of its request. */
    private enum Protocol {
        RPC_V2_CBOR,
        AWS_JSON_1_0
    }

    private HttpFake.Response handle(HttpFake.Incoming in) {
        // AWS JSON 1.0 requests all go to the root; every other path is read as RPC v2 CBOR (and refused there
        // unless it names an operation).
        Protocol protocol = "/".equals(in.path) ? Protocol.AWS_JSON_1_0 : Protocol.RPC_V2_CBOR;
        try {
            Map<String, Object> request = protocol == Protocol.AWS_JSON_1_0 ? readJson(in) : readCbor(in);
            String operation = in.operation;
            Map<String, Object> response = GET_METRIC_DATA.equals(operation)
                    ? getMetricData(request) : listMetrics(request);
            http.throwInjectedFailure(operation);
            java.util.function.Consumer<Map<String, Object>> change;
            synchronized (lock) {
                java.util.Deque<java.util.function.Consumer<Map<String, Object>>> queue = alterations.get(operation);
                change = queue == null ? null : queue.poll();
            }
            if (change != null) {
                change.accept(response);
            }
            return protocol == Protocol.AWS_JSON_1_0 ? json(200, response, null) : cbor(200, response);
        } catch (ServiceError e) {
            if (e.violation) {
                http.violation(in, e.getMessage());
            }
            String type = e.type == null ? INVALID_PARAMETER_VALUE : e.type;
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("__type", type);
            error.put("message", e.getMessage());
            return protocol == Protocol.AWS_JSON_1_0 ? json(e.status, error, queryError(type, e.status))
                    : cbor(e.status, error);
        }
    }

    /** Checks a Smithy RPC v2 CBOR request and returns its body; names the operation on {@code in}. */
    private static Map<String, Object> readCbor(HttpFake.Incoming in) {
        String operation = in.path.startsWith(PATH_PREFIX) ? in.path.substring(PATH_PREFIX.length()) : null;
        in.operation = operation;
        if (operation == null || !"POST".equals(in.method) || !OPERATIONS.contains(operation)) {
            throw new ServiceError(404, "UnknownOperationException", "the fake supports only POST "
                    + PATH_PREFIX + GET_METRIC_DATA + " and " + LIST_METRICS + " (RPC v2 CBOR) and POST / with "
                    + "X-Amz-Target " + TARGET_PREFIX + OPERATIONS + " (AWS JSON 1.0), got " + in.method + " "
                    + in.path, true);
        }
        if (!CBOR_CONTENT_TYPE.equals(in.header("Content-Type"))) {
            throw ServiceError.invalid("Content-Type must be " + CBOR_CONTENT_TYPE + ", got "
                    + in.header("Content-Type"));
        }
        if (!"rpc-v2-cbor".equals(in.header("smithy-protocol"))) {
            throw ServiceError.invalid("header smithy-protocol must be rpc-v2-cbor, got "
                    + in.header("smithy-protocol"));
        }
        requireSignature(in);
        Object decoded;
        try {
            decoded = Cbor.decode(in.body);
        } catch (IOException | RuntimeException e) {
            throw new ServiceError(400, ERROR_NAMESPACE + "SerializationException",
                    "body is not valid CBOR: " + e.getMessage(), true);
        }
        in.decoded = decoded;
        return Members.object(decoded, operation);
    }

    /**
     * Checks an AWS JSON 1.0 request and returns its body with the timestamp members read as {@link Instant}s (so
     * the operations, and the recorded request, see what a CBOR request gives them); names the operation on
     * {@code in}.
     */
    private static Map<String, Object> readJson(HttpFake.Incoming in) {
        String target = in.header("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : null;
        in.operation = operation;
        if (!"POST".equals(in.method)) {
            throw ServiceError.invalid("AWS JSON 1.0 requests are POST /, got " + in.method + " " + in.path);
        }
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw new ServiceError(400, "UnknownOperationException", "the fake supports X-Amz-Target "
                    + TARGET_PREFIX + OPERATIONS + " (AWS JSON 1.0), got " + target, true);
        }
        if (!JSON_CONTENT_TYPE.equals(in.header("Content-Type"))) {
            throw ServiceError.invalid("Content-Type must be " + JSON_CONTENT_TYPE + ", got "
                    + in.header("Content-Type"));
        }
        requireSignature(in);
        Object decoded;
        try {
            decoded = Json.decode(in.body);
        } catch (IOException e) {
            throw new ServiceError(400, ERROR_NAMESPACE + "SerializationException",
                    "body is not valid JSON: " + e.getMessage(), true);
        }
        in.decoded = decoded;
        Map<String, Object> request = Members.object(decoded, operation);
        if (GET_METRIC_DATA.equals(operation)) {
            for (String member : List.of("StartTime", "EndTime")) {
                Object value = request.get(member);
                if (value != null) {
                    request.put(member, jsonTimestamp(value, operation + "." + member));
                }
            }
        }
        return request;
    }

    /** An AWS JSON timestamp: epoch seconds as a JSON number, whole or with a fraction. */
    private static Instant jsonTimestamp(Object value, String where) {
        try {
            if (value instanceof Long) {
                return EpochSeconds.toInstant((Long) value);
            }
            if (value instanceof Double) {
                return EpochSeconds.toInstant((Double) value);
            }
        } catch (IllegalArgumentException e) {
            throw ServiceError.invalid(where + " is not a valid timestamp: " + e.getMessage());
        }
        if (value instanceof java.math.BigInteger) {
            throw ServiceError.invalid(where + " is not a valid timestamp: out of range: " + value);
        }
        throw ServiceError.invalid(where + " must be a timestamp (a JSON number of epoch seconds), got "
                + Members.describe(value));
    }

    private static void requireSignature(HttpFake.Incoming in) {
        if (in.sigV4Region("monitoring") == null) {
            throw new ServiceError(403, ERROR_NAMESPACE + "IncompleteSignatureException",
                    "missing or malformed SigV4 Authorization for service 'monitoring'", true);
        }
    }

    private static HttpFake.Response cbor(int status, Map<String, Object> body) {
        return new HttpFake.Response(status, Map.of("Content-Type", CBOR_CONTENT_TYPE,
                "smithy-protocol", "rpc-v2-cbor", "x-amzn-RequestId", UUID.randomUUID().toString()),
                Cbor.encode(body));
    }

    /** An AWS JSON 1.0 answer; timestamps become epoch-second numbers. {@code queryError} is for errors only. */
    private static HttpFake.Response json(int status, Map<String, Object> body, String queryError) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON_CONTENT_TYPE);
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        if (queryError != null) {
            headers.put(QUERY_ERROR_HEADER, queryError);
        }
        return new HttpFake.Response(status, headers, Json.encode(epochSecondsForJson(body)));
    }

    /** A copy of a plain value tree with every {@link Instant} replaced by its epoch seconds. */
    private static Object epochSecondsForJson(Object value) {
        if (value instanceof Instant) {
            return EpochSeconds.toNumber((Instant) value);
        }
        if (value instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, epochSecondsForJson(v)));
            return copy;
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(v -> copy.add(epochSecondsForJson(v)));
            return copy;
        }
        return value;
    }

    /**
     * The {@code x-amzn-query-error} value of an error, {@code Code;Fault}, as the {@code awsQueryCompatible} trait
     * specifies it: the error's {@code awsQueryError} code (its shape name when it has none) and {@code Sender} for
     * a client error, {@code Receiver} for a server error.
     */
    private static String queryError(String type, int status) {
        String shape = type.substring(type.indexOf('#') + 1);
        return QUERY_ERROR_CODES.getOrDefault(shape, shape) + ";" + (status >= 500 ? "Receiver" : "Sender");
    }

    // ---------------------------------------------------------------------------------------------- GetMetricData

    private Map<String, Object> getMetricData(Map<String, Object> request) {
        String where = GET_METRIC_DATA;
        Members.onlyKnown(request, where,
                Set.of("MetricDataQueries", "StartTime", "EndTime", "NextToken", "ScanBy", "MaxDatapoints"),
                Set.of("LabelOptions"));
        List<Object> queries = Members.list(request, "MetricDataQueries", where, true);
        if (queries.isEmpty() || queries.size() > 500) {
            throw ServiceError.invalid("MetricDataQueries must hold 1 to 500 queries, got " + queries.size());
        }
        Instant start = Members.timestamp(request, "StartTime", where, true);
        Instant end = Members.timestamp(request, "EndTime", where, true);
        if (!start.isBefore(end)) {
            throw ServiceError.invalid("The parameter StartTime must be less than the parameter EndTime, got "
                    + start + " and " + end);
        }
        String scanBy = Members.string(request, "ScanBy", where, false);
        if (scanBy != null && !SCAN_BY.contains(scanBy)) {
            throw ServiceError.invalid("ScanBy must be one of " + new TreeSet<>(SCAN_BY)
                    + ", got '" + scanBy + "'");
        }
        Long maxDatapoints = Members.integer(request, "MaxDatapoints", where, false);
        if (maxDatapoints != null && maxDatapoints < 1) {
            throw ServiceError.invalid("MaxDatapoints must be positive, got " + maxDatapoints);
        }
        String nextToken = Members.string(request, "NextToken", where, false);

        List<Query> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            Query query = parseQuery(queries.get(i), "MetricDataQueries[" + i + "]", start, end);
            if (!ids.add(query.id)) {
                throw ServiceError.invalid("The value " + query.id + " for field Id is not unique");
            }
            parsed.add(query);
        }

        boolean ascending = "TimestampAscending".equals(scanBy);
        List<Result> results = new ArrayList<>();
        int pageSize;
        synchronized (lock) {
            pageSize = maxDatapoints == null ? maxDatapointsPerPage : (int) Math.min(maxDatapointsPerPage,
                    maxDatapoints);
            for (Query query : parsed) {
                if (query.returnData) {
                    results.add(new Result(query, datapoints(query, start, end, ascending)));
                }
            }
        }

        String fingerprint = Tokens.fingerprint(GET_METRIC_DATA, request, "NextToken", "MaxDatapoints");
        int total = results.stream().mapToInt(r -> r.points.size()).sum();
        int pageStart = 0;
        Endless forever = endless(GET_METRIC_DATA);
        if (nextToken != null && forever == null) {
            pageStart = Tokens.decode(nextToken, fingerprint);
            if (pageStart < 0 || pageStart > total) {
                throw new ServiceError(400, ERROR_NAMESPACE + "InvalidNextToken",
                        "The service couldn't process the NextToken: it was not issued for this request", true);
            }
        }
        int pageEnd = Math.min(total, pageStart + pageSize);

        List<Object> pageResults = new ArrayList<>();
        int offset = 0;
        for (Result result : results) {
            Query query = result.query;
            List<Datapoint> points = result.points;
            int from = offset;
            int to = offset + points.size();
            offset = to;
            boolean include = points.isEmpty() ? pageStart == 0 : from < pageEnd && to > pageStart;
            if (!include) {
                continue;
            }
            List<Datapoint> slice = points.isEmpty() ? points
                    : points.subList(Math.max(from, pageStart) - from, Math.min(to, pageEnd) - from);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Id", query.id);
            entry.put("Label", query.label);
            entry.put("Timestamps", slice.stream().map(p -> (Object) Instant.ofEpochSecond(p.time)).toList());
            entry.put("Values", slice.stream().map(p -> (Object) p.value).toList());
            // A query without data is Complete on the first page, as documented above: it has no rest to follow.
            entry.put("StatusCode", !points.isEmpty() && to > pageEnd ? "PartialData" : "Complete");
            pageResults.add(entry);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("MetricDataResults", pageResults);
        if (forever != null) {
            response.put("NextToken", endlessToken(forever));
        } else if (pageEnd < total) {
            response.put("NextToken", Tokens.encode(fingerprint, pageEnd));
        }
        response.put("Messages", List.of());
        return response;
    }

    private static Query parseQuery(Object raw, String where, Instant start, Instant end) {
        Map<String, Object> query = Members.object(raw, where);
        if (query.containsKey("Expression")) {
            throw ServiceError.invalid("the fake does not support " + where + ".Expression (metric math)");
        }
        Members.onlyKnown(query, where, Set.of("Id", "MetricStat", "Label", "ReturnData"),
                Set.of("Period", "AccountId"));
        String id = Members.string(query, "Id", where, true);
        if (id.length() > 255 || !QUERY_ID.matcher(id).matches()) {
            throw ServiceError.invalid("The value " + id + " for parameter " + where
                    + ".Id is not valid: it must start with a lowercase letter and contain only letters, digits"
                    + " and underscores (at most 255 characters)");
        }
        String label = Members.string(query, "Label", where, false);
        Boolean returnData = Members.bool(query, "ReturnData", where);

        String statWhere = where + ".MetricStat";
        Map<String, Object> stat = Members.object(query.get("MetricStat"), statWhere);
        Members.onlyKnown(stat, statWhere, Set.of("Metric", "Period", "Stat"), Set.of("Unit"));
        String metricWhere = statWhere + ".Metric";
        Map<String, Object> metric = Members.object(stat.get("Metric"), metricWhere);
        Members.onlyKnown(metric, metricWhere, Set.of("Namespace", "MetricName", "Dimensions"), Set.of());
        String namespace = nonEmpty(Members.string(metric, "Namespace", metricWhere, true), metricWhere
                + ".Namespace");
        String metricName = nonEmpty(Members.string(metric, "MetricName", metricWhere, true), metricWhere
                + ".MetricName");
        Map<String, String> dimensions = dimensions(metric, metricWhere, 30, true);

        Long period = Members.integer(stat, "Period", statWhere, true);
        if (period < MINUTE || period % MINUTE != 0) {
            throw ServiceError.invalid("The parameter " + statWhere + ".Period must be a positive multiple of 60"
                    + " (the fake keeps 1-minute data only), got " + period);
        }
        for (Instant bound : List.of(start, end)) {
            if (bound.getNano() != 0 || bound.getEpochSecond() % period != 0) {
                throw ServiceError.invalid("StartTime and EndTime must be aligned to the period " + period
                        + " s of " + where + ", got " + start + " and " + end);
            }
        }
        String statistic = Members.string(stat, "Stat", statWhere, true);
        if (!STATISTICS.contains(statistic)) {
            throw ServiceError.invalid("The parameter " + statWhere + ".Stat must be one of " + new TreeSet<>(STATISTICS) + " (extended statistics are not supported by the fake), got '"
                    + statistic + "'");
        }
        SeriesKey key = new SeriesKey(namespace, metricName, dimensions);
        return new Query(id, label == null ? metricName : label, returnData == null || returnData, key,
                period, statistic);
    }

    private static String nonEmpty(String value, String where) {
        if (value.isEmpty() || value.length() > 255) {
            throw ServiceError.invalid(where + " must be 1 to 255 characters, got '" + value + "'");
        }
        return value;
    }

    /** Reads a list of {Name, Value}; values are required for metrics, optional for filters. */
    private static Map<String, String> dimensions(Map<String, Object> owner, String where, int max,
            boolean valueRequired) {
        List<Object> list = Members.list(owner, "Dimensions", where, false);
        Map<String, String> dimensions = new TreeMap<>();
        if (list == null) {
            return Collections.unmodifiableMap(dimensions);
        }
        if (list.size() > max) {
            throw ServiceError.invalid(where + ".Dimensions must hold at most " + max + " entries, got "
                    + list.size());
        }
        for (int i = 0; i < list.size(); i++) {
            String itemWhere = where + ".Dimensions[" + i + "]";
            Map<String, Object> item = Members.object(list.get(i), itemWhere);
            Members.onlyKnown(item, itemWhere, Set.of("Name", "Value"), Set.of());
            String name = nonEmpty(Members.string(item, "Name", itemWhere, true), itemWhere + ".Name");
            String value = Members.string(item, "Value", itemWhere, valueRequired);
            if (value != null) {
                nonEmpty(value, itemWhere + ".Value");
            }
            if (dimensions.containsKey(name)) {
                throw ServiceError.invalid(where + ".Dimensions names dimension '" + name + "' twice");
            }
            dimensions.put(name, value);
        }
        return Collections.unmodifiableMap(dimensions);
    }

    /** The query's statistic for every period in [start, end) that has data. Called with the lock held. */
    private List<Datapoint> datapoints(Query query, Instant start, Instant end, boolean ascending) {
        TreeMap<Long, Aggregate> minutes = series.get(query.key);
        List<Datapoint> points = new ArrayList<>();
        if (minutes == null) {
            return points;
        }
        NavigableMap<Long, Aggregate> window = minutes.subMap(start.getEpochSecond(), true, end.getEpochSecond(),
                false);
        TreeMap<Long, Aggregate> periods = new TreeMap<>();
        window.forEach((minute, aggregate) -> periods
                .computeIfAbsent(Math.floorDiv(minute, query.period) * query.period, p -> new Aggregate())
                .merge(aggregate));
        periods.forEach((time, aggregate) -> points.add(new Datapoint(time, aggregate.statistic(query.statistic))));
        if (!ascending) {
            Collections.reverse(points);
        }
        return points;
    }

    // ------------------------------------------------------------------------------------------------ ListMetrics

    private Map<String, Object> listMetrics(Map<String, Object> request) {
        String where = LIST_METRICS;
        Members.onlyKnown(request, where, Set.of("Namespace", "MetricName", "Dimensions", "NextToken",
                "RecentlyActive"), Set.of("IncludeLinkedAccounts", "OwningAccount"));
        String namespace = Members.string(request, "Namespace", where, false);
        if (namespace != null) {
            nonEmpty(namespace, where + ".Namespace");
        }
        String metricName = Members.string(request, "MetricName", where, false);
        if (metricName != null) {
            nonEmpty(metricName, where + ".MetricName");
        }
        Map<String, String> filters = dimensions(request, where, 10, false);
        String recentlyActive = Members.string(request, "RecentlyActive", where, false);
        if (recentlyActive != null && !"PT3H".equals(recentlyActive)) {
            throw ServiceError.invalid("RecentlyActive must be PT3H, got '" + recentlyActive + "'");
        }
        String nextToken = Members.string(request, "NextToken", where, false);

        List<SeriesKey> matches = new ArrayList<>();
        int pageSize;
        synchronized (lock) {
            pageSize = listMetricsPageSize;
            for (Map.Entry<SeriesKey, TreeMap<Long, Aggregate>> entry : series.entrySet()) {
                SeriesKey key = entry.getKey();
                if (listingClock != null && Instant.ofEpochSecond(entry.getValue().firstKey()).plus(listingDelay)
                        .isAfter(listingClock.instant())) {
                    continue;
                }
                if ((namespace == null || namespace.equals(key.namespace))
                        && (metricName == null || metricName.equals(key.metricName))
                        && filters.entrySet().stream().allMatch(f -> key.dimensions.containsKey(f.getKey())
                                && (f.getValue() == null || f.getValue().equals(key.dimensions.get(f.getKey()))))) {
                    matches.add(key);
                }
            }
        }
        matches.sort(SeriesKey.ORDER);

        String fingerprint = Tokens.fingerprint(LIST_METRICS, request, "NextToken");
        int pageStart = 0;
        Endless forever = endless(LIST_METRICS);
        if (nextToken != null && forever == null) {
            pageStart = Tokens.decode(nextToken, fingerprint);
            if (pageStart < 0 || pageStart > matches.size()) {
                throw new ServiceError(400, ERROR_NAMESPACE + "InvalidNextToken",
                        "The service couldn't process the NextToken: it was not issued for this request", true);
            }
        }
        int pageEnd = Math.min(matches.size(), pageStart + pageSize);
        List<Object> metrics = new ArrayList<>();
        for (SeriesKey key : matches.subList(pageStart, pageEnd)) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("Namespace", key.namespace);
            metric.put("MetricName", key.metricName);
            List<Object> dimensions = new ArrayList<>();
            key.dimensions.forEach((name, value) -> {
                Map<String, Object> dimension = new LinkedHashMap<>();
                dimension.put("Name", name);
                dimension.put("Value", value);
                dimensions.add(dimension);
            });
            metric.put("Dimensions", dimensions);
            metrics.add(metric);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Metrics", metrics);
        if (forever != null) {
            response.put("NextToken", endlessToken(forever));
        } else if (pageEnd < matches.size()) {
            response.put("NextToken", Tokens.encode(fingerprint, pageEnd));
        }
        return response;
    }

    private Endless endless(String operation) {
        synchronized (lock) {
            return endless.get(operation);
        }
    }

    private String endlessToken(Endless how) {
        synchronized (lock) {
            return how == Endless.SAME_TOKEN ? "fake-endless-page" : "fake-endless-page-" + (++endlessTokens);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
        }
    }

    // ------------------------------------------------------------------------------------------------------ model

    /** A metric: namespace, name and its exact dimension set (sorted by name). */
    private record SeriesKey(String namespace, String metricName, Map<String, String> dimensions) {
        static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::namespace)
                .thenComparing(SeriesKey::metricName)
                .thenComparing(k -> k.dimensions.toString());
    }

    private record Query(String id, String label, boolean returnData, SeriesKey key, long period,
            String statistic) {
    }

    private record Datapoint(long time, double value) {
    }

    private record Result(Query query, List<Datapoint> points) {
    }

    /** Sum, sample count, minimum and maximum of the samples in one minute or period. */
    private static final class Aggregate {
        private double sum;
        private double sampleCount;
        private double minimum = Double.POSITIVE_INFINITY;
        private double maximum = Double.NEGATIVE_INFINITY;

        void add(double sampleSum, double count) {
            double mean = sampleSum / count;
            sum += sampleSum;
            sampleCount += count;
            minimum = Math.min(minimum, mean);
            maximum = Math.max(maximum, mean);
        }

        void merge(Aggregate other) {
            sum += other.sum;
            sampleCount += other.sampleCount;
            minimum = Math.min(minimum, other.minimum);
            maximum = Math.max(maximum, other.maximum);
        }

        double statistic(String statistic) {
            switch (statistic) {
                case "Sum":
                    return sum;
                case "SampleCount":
                    return sampleCount;
                case "Average":
                    return sum / sampleCount;
                case "Minimum":
                    return minimum;
                case "Maximum":
                    return maximum;
                default:
                    throw new IllegalArgumentException(statistic);
            }
        }
    }
}
