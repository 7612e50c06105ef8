package io.github.cognitomackerel.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Drives the real SDK v2 {@link CloudWatchClient} (Smithy RPC v2 CBOR) against {@link FakeCloudWatch}, and raw HTTP
 * requests in both of its protocols (AWS JSON 1.0 as boto3 sends it).
 */
@SuppressWarnings("unchecked")
class FakeCloudWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> POOL_CLIENT = Map.of("UserPool", "ap-northeast-1_AbCdEf123",
            "UserPoolClient", "client1");

    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FakeCloudWatch fake;
    private CloudWatchClient client;

    @BeforeEach
    void start() {
        fake = FakeCloudWatch.start();
        client = CloudWatchClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE",
                        "fake-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void aggregatesOneMinuteSamplesIntoFiveMinutePeriods() {
        // Ten minutes: 12:00-12:04 and 12:05-12:09, one sample per minute.
        for (int minute = 0; minute < 10; minute++) {
            fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute + 7), minute, 3);
        }
        GetMetricDataResponse response = client.getMetricData(request(T0, T0.plusSeconds(600),
                query("s", "Sum", 300), query("n", "SampleCount", 300), query("a", "Average", 300),
                query("lo", "Minimum", 300), query("hi", "Maximum", 300)));

        Map<String, MetricDataResult> byId = byId(response.metricDataResults());
        List<Instant> descending = List.of(T0.plusSeconds(300), T0);
        assertEquals(descending, byId.get("s").timestamps());
        assertEquals(List.of(5.0 + 6 + 7 + 8 + 9, 0.0 + 1 + 2 + 3 + 4), byId.get("s").values());
        assertEquals(List.of(15.0, 15.0), byId.get("n").values());
        assertEquals(List.of(35.0 / 15, 10.0 / 15), byId.get("a").values());
        assertEquals(List.of(5.0 / 3, 0.0), byId.get("lo").values());
        assertEquals(List.of(9.0 / 3, 4.0 / 3), byId.get("hi").values());
        assertEquals(StatusCode.COMPLETE, byId.get("s").statusCode());
        assertEquals("SignInSuccesses", byId.get("s").label());
        assertNull(response.nextToken());
        assertEquals(1, fake.calls("GetMetricData"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void returnsOnlyPeriodsWithDataForTheExactDimensionSetInAscendingOrderWhenAsked() {
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60), 1, 1);
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(900), 2, 2);
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(1200), 99, 99); // after EndTime
        fake.putSample("SignInSuccesses", Map.of("UserPool", "ap-northeast-1_AbCdEf123"), T0, 50, 50);

        GetMetricDataResponse response = client.getMetricData(request(T0, T0.plusSeconds(1200),
                query("s", "Sum", 300)).toBuilder().scanBy(ScanBy.TIMESTAMP_ASCENDING).build());

        MetricDataResult result = response.metricDataResults().get(0);
        assertEquals(List.of(T0, T0.plusSeconds(900)), result.timestamps());
        assertEquals(List.of(1.0, 2.0), result.values());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void decodesTheRequestWithTimestampsAsInstants() {
        client.getMetricData(request(T0, T0.plusSeconds(300), query("s", "Sum", 60)));

        RecordedRequest received = fake.requests("GetMetricData").get(0);
        assertEquals("/service/GraniteServiceVersion20100801/operation/GetMetricData", received.path());
        assertEquals("application/cbor", received.header("Content-Type"));
        assertEquals("rpc-v2-cbor", received.header("smithy-protocol"));
        assertEquals(T0, received.decodedObject().get("StartTime"));
        assertEquals(T0.plusSeconds(300), received.decodedObject().get("EndTime"));
        assertEquals(1, ((List<?>) received.decodedObject().get("MetricDataQueries")).size());
    }

    @Test
    void paginatesByDatapointsAndContinuesAPartialResultOnTheNextPage() {
        for (int minute = 0; minute < 7; minute++) {
            fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute), 1, 2);
            fake.putSample("SignUpSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute), 1, 1);
        }
        fake.setMaxDatapointsPerPage(5);
        GetMetricDataRequest request = request(T0, T0.plusSeconds(420), query("in", "SampleCount", 60),
                query("none", "Sum", 60, "NoSuchMetric"), query("up", "Sum", 60, "SignUpSuccesses"));

        GetMetricDataResponse first = client.getMetricData(request);
        assertEquals(List.of("in", "none"), first.metricDataResults().stream().map(MetricDataResult::id).toList());
        assertEquals(StatusCode.PARTIAL_DATA, first.metricDataResults().get(0).statusCode());
        assertEquals(5, first.metricDataResults().get(0).values().size());

        Map<String, List<Double>> merged = new LinkedHashMap<>();
        Map<String, List<Instant>> times = new LinkedHashMap<>();
        int pages = 0;
        for (GetMetricDataResponse page : client.getMetricDataPaginator(request)) {
            pages++;
            for (MetricDataResult result : page.metricDataResults()) {
                merged.computeIfAbsent(result.id(), id -> new ArrayList<>()).addAll(result.values());
                times.computeIfAbsent(result.id(), id -> new ArrayList<>()).addAll(result.timestamps());
            }
            assertTrue(pages < 10, "pagination does not end");
        }
        assertEquals(3, pages); // 14 points, 5 per page
        assertEquals(List.of(2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0), merged.get("in"));
        assertEquals(List.of(), merged.get("none"));
        assertEquals(7, merged.get("up").size());
        assertEquals(T0.plusSeconds(360), times.get("up").get(0));
        assertEquals(T0, times.get("up").get(6));
        assertEquals(4, fake.calls("GetMetricData"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void maxDatapointsOfTheRequestCapsThePage() {
        for (int minute = 0; minute < 3; minute++) {
            fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute), 1, 1);
        }
        GetMetricDataResponse page = client.getMetricData(request(T0, T0.plusSeconds(180),
                query("s", "Sum", 60)).toBuilder().maxDatapoints(2).build());
        assertEquals(2, page.metricDataResults().get(0).values().size());
        assertTrue(page.nextToken() != null);
    }

    @Test
    void rejectsAMisalignedWindowWithInvalidParameterValue() {
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class,
                () -> client.getMetricData(request(T0.plusSeconds(60), T0.plusSeconds(600),
                        query("s", "Sum", 300))));
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("aligned to the period 300"), e.getMessage());
        assertEquals(1, fake.violations().size());
    }

    @Test
    void rejectsInvalidQueries() {
        assertInvalid("must start with a lowercase letter", request(T0, T0.plusSeconds(300), query("Bad", "Sum",
                300)));
        assertInvalid("not unique", request(T0, T0.plusSeconds(300), query("a", "Sum", 300), query("a", "Sum",
                300)));
        assertInvalid("positive multiple of 60", request(T0, T0.plusSeconds(300), query("a", "Sum", 30)));
        assertInvalid("must be one of", request(T0, T0.plusSeconds(300), query("a", "p99", 300)));
        assertInvalid("less than the parameter EndTime", request(T0, T0, query("a", "Sum", 300)));
        assertInvalid("1 to 500", GetMetricDataRequest.builder().startTime(T0).endTime(T0.plusSeconds(300))
                .metricDataQueries(List.of()).build());
        List<MetricDataQuery> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(query("q" + i, "Sum", 300));
        }
        assertInvalid("1 to 500", request(T0, T0.plusSeconds(300), tooMany.toArray(MetricDataQuery[]::new)));
        assertInvalid("Expression", GetMetricDataRequest.builder().startTime(T0).endTime(T0.plusSeconds(300))
                .metricDataQueries(MetricDataQuery.builder().id("e").expression("SUM(METRICS())").build()).build());
        assertEquals(8, fake.violations().size());
    }

    @Test
    void rejectsANextTokenFromAnotherRequest() {
        for (int minute = 0; minute < 3; minute++) {
            fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute), 1, 1);
        }
        fake.setMaxDatapointsPerPage(1);
        String token = client.getMetricData(request(T0, T0.plusSeconds(180), query("s", "Sum", 60))).nextToken();
        GetMetricDataRequest other = request(T0, T0.plusSeconds(180), query("s", "SampleCount", 60));
        assertThrows(InvalidNextTokenException.class,
                () -> client.getMetricData(other.toBuilder().nextToken(token).build()));
        assertEquals(1, fake.violations().size());
    }

    @Test
    void injectedFailureSurfacesAsTheModeledException() {
        fake.failNext("GetMetricData", 400, "LimitExceededFault", "too many");
        GetMetricDataRequest request = request(T0, T0.plusSeconds(300), query("s", "Sum", 300));
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> client.getMetricData(request));
        assertEquals("too many", e.awsErrorDetails().errorMessage());
        client.getMetricData(request); // the next call succeeds
        assertEquals(2, fake.calls("GetMetricData"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void listsMetricsMatchingADimensionFilterAcrossPages() {
        for (int i = 0; i < 5; i++) {
            fake.putSample("SignInSuccesses", Map.of("UserPool", "pool", "UserPoolClient", "client" + i), T0, 1, 1);
        }
        fake.putSample("SignInSuccesses", Map.of("UserPool", "other", "UserPoolClient", "x"), T0, 1, 1);
        fake.putSample("SignUpSuccesses", Map.of("UserPool", "pool", "UserPoolClient", "client0"), T0, 1, 1);
        fake.putSample("Other/Namespace", "SignInSuccesses", Map.of("UserPool", "pool"), T0, 1, 1);
        fake.setListMetricsPageSize(2);

        ListMetricsRequest request = ListMetricsRequest.builder().namespace("AWS/Cognito")
                .metricName("SignInSuccesses")
                .dimensions(DimensionFilter.builder().name("UserPool").value("pool").build(),
                        DimensionFilter.builder().name("UserPoolClient").build())
                .build();
        List<Metric> metrics = new ArrayList<>();
        int pages = 0;
        for (ListMetricsResponse page : client.listMetricsPaginator(request)) {
            metrics.addAll(page.metrics());
            assertTrue(++pages < 10, "pagination does not end");
        }
        assertEquals(3, pages);
        assertEquals(5, metrics.size());
        Metric first = metrics.get(0);
        assertEquals("AWS/Cognito", first.namespace());
        assertEquals(List.of(Dimension.builder().name("UserPool").value("pool").build(),
                Dimension.builder().name("UserPoolClient").value("client0").build()), first.dimensions());
        assertEquals(3, fake.calls("ListMetrics"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void aNewSeriesIsListedOnlyAfterTheListingDelayButAnsweredAtOnce() {
        io.github.cognitomackerel.runtime.internal.FakeClock clock =
                new io.github.cognitomackerel.runtime.internal.FakeClock(T0.plusSeconds(30));
        fake.setListingDelay(clock, Duration.ofMinutes(15));
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.minus(Duration.ofHours(1)), 1, 1);
        fake.putSample("SignInThrottles", POOL_CLIENT, T0.plusSeconds(10), 2, 2);
        ListMetricsRequest request = ListMetricsRequest.builder().namespace("AWS/Cognito").build();

        assertEquals(List.of("SignInSuccesses"), client.listMetrics(request).metrics().stream()
                .map(Metric::metricName).toList(), "the throttles are too new to be listed");
        GetMetricDataResponse data = client.getMetricData(GetMetricDataRequest.builder().startTime(T0)
                .endTime(T0.plusSeconds(300)).metricDataQueries(MetricDataQuery.builder().id("q0")
                        .metricStat(s -> s.metric(m -> m.namespace("AWS/Cognito").metricName("SignInThrottles")
                                .dimensions(Dimension.builder().name("UserPool").value("ap-northeast-1_AbCdEf123")
                                        .build(), Dimension.builder().name("UserPoolClient").value("client1")
                                        .build())).period(300).stat("Sum")).build()).build());
        assertEquals(List.of(2.0), data.metricDataResults().get(0).values(), "GetMetricData answers at once");

        clock.advance(Duration.ofMinutes(14).plusSeconds(29));
        assertEquals(1, client.listMetrics(request).metrics().size(), "one second before the delay is over");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("SignInSuccesses", "SignInThrottles"), client.listMetrics(request).metrics().stream()
                .map(Metric::metricName).sorted().toList());
        assertThrows(IllegalArgumentException.class, () -> fake.setListingDelay(clock, Duration.ofMinutes(-1)));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void anUnsupportedOperationIsAViolation() {
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> client.listDashboards());
        assertEquals(404, e.statusCode());
        assertEquals(1, fake.violations().size());
        assertTrue(fake.violations().get(0).contains("ListDashboards"), fake.violations().toString());
    }

    @Test
    void theSdkSendsTimestampsAsTag1Doubles() {
        client.getMetricData(request(T0, T0.plusSeconds(300), query("s", "Sum", 300)));

        byte[] body = fake.requests("GetMetricData").get(0).body();
        assertTrue(indexOf(body, (byte) 0xc1, (byte) 0xfb) >= 0, "tag 1 followed by a 64-bit float");
    }

    @Test
    void acceptsIntegerTimestampsAndAnswersWithTaggedTimestamps() throws Exception {
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0, 4, 4);
        Map<String, Object> body = rawRequest(T0, T0.plusSeconds(300));

        HttpResponse<byte[]> response = rawPost("GetMetricData", "application/cbor", Cbor.encode(body));

        assertEquals(200, response.statusCode());
        assertEquals("rpc-v2-cbor", response.headers().firstValue("smithy-protocol").orElse(null));
        Map<?, ?> decoded = (Map<?, ?>) Cbor.decode(response.body());
        Map<?, ?> result = (Map<?, ?>) ((List<?>) decoded.get("MetricDataResults")).get(0);
        assertEquals(List.of(T0), result.get("Timestamps"));
        assertEquals(List.of(4.0), result.get("Values"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void rejectsUntaggedTimestampsAndAWrongContentType() throws Exception {
        Map<String, Object> untagged = rawRequest(T0, T0.plusSeconds(300));
        untagged.put("StartTime", T0.getEpochSecond());

        HttpResponse<byte[]> first = rawPost("GetMetricData", "application/cbor", Cbor.encode(untagged));
        HttpResponse<byte[]> second = rawPost("GetMetricData", "application/json",
                Cbor.encode(rawRequest(T0, T0.plusSeconds(300))));

        assertEquals(400, first.statusCode());
        Map<?, ?> error = (Map<?, ?>) Cbor.decode(first.body());
        assertEquals("com.amazonaws.cloudwatch#InvalidParameterValueException", error.get("__type"));
        assertTrue(((String) error.get("message")).contains("CBOR tag 1"), error.toString());
        assertEquals(400, second.statusCode());
        assertEquals(2, fake.violations().size());
    }

    // ------------------------------------------------------------------------------------ AWS JSON 1.0 (boto3)

    @Test
    void awsJsonGetMetricDataAnswersTheSeededValuesWithEpochSecondTimestamps() throws Exception {
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(30), 4, 4);
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(330), 6, 3);
        Map<String, Object> body = jsonRequest(T0, T0.plusSeconds(600));
        body.put("EndTime", (double) T0.plusSeconds(600).getEpochSecond()); // a whole number written as a double

        HttpResponse<byte[]> response = jsonPost("GraniteServiceVersion20100801.GetMetricData",
                "application/x-amz-json-1.0", Json.encode(body));

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        assertTrue(response.headers().firstValue("x-amzn-query-error").isEmpty());
        Map<?, ?> decoded = (Map<?, ?>) Json.decode(response.body());
        Map<?, ?> result = (Map<?, ?>) ((List<?>) decoded.get("MetricDataResults")).get(0);
        assertEquals("s", result.get("Id"));
        assertEquals("SignInSuccesses", result.get("Label"));
        assertEquals(List.of(T0.getEpochSecond() + 300, T0.getEpochSecond()), result.get("Timestamps"),
                "epoch seconds as JSON numbers, newest first");
        assertEquals(List.of(6.0, 4.0), result.get("Values"));
        assertEquals("Complete", result.get("StatusCode"));
        assertNull(decoded.get("NextToken"));

        RecordedRequest received = fake.requests("GetMetricData").get(0);
        assertEquals("/", received.path());
        assertEquals(T0, received.decodedObject().get("StartTime"));
        assertEquals(T0.plusSeconds(600), received.decodedObject().get("EndTime"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void awsJsonAcceptsFractionalTimestampsAndChecksThemLikeAnyOther() throws Exception {
        Map<String, Object> fractional = jsonRequest(T0, T0.plusSeconds(300));
        fractional.put("StartTime", T0.getEpochSecond() + 0.5);

        HttpResponse<byte[]> response = jsonPost("GraniteServiceVersion20100801.GetMetricData",
                "application/x-amz-json-1.0", Json.encode(fractional));

        assertJsonError(response, 400, "com.amazonaws.cloudwatch#InvalidParameterValueException",
                "InvalidParameterValue;Sender", "aligned to the period 300");
        assertEquals(T0.plusMillis(500), fake.requests("GetMetricData").get(0).decodedObject().get("StartTime"));
        assertEquals(1, fake.violations().size());
    }

    @Test
    void awsJsonViolationsAnswerJsonErrorsWithTheQueryErrorHeader() throws Exception {
        String target = "GraniteServiceVersion20100801.GetMetricData";
        String json10 = "application/x-amz-json-1.0";
        Map<String, Object> misaligned = jsonRequest(T0.plusSeconds(60), T0.plusSeconds(600));
        Map<String, Object> textTime = jsonRequest(T0, T0.plusSeconds(300));
        textTime.put("StartTime", "2026-11-23T12:00:00Z");
        byte[] valid = Json.encode(jsonRequest(T0, T0.plusSeconds(300)));

        assertJsonError(jsonPost(target, json10, Json.encode(misaligned)), 400,
                "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue;Sender",
                "aligned to the period 300");
        assertJsonError(jsonPost(target, json10, Json.encode(textTime)), 400,
                "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue;Sender",
                "GetMetricData.StartTime must be a timestamp (a JSON number of epoch seconds)");
        assertJsonError(jsonPost(target, "application/x-amz-json-1.1", valid), 400,
                "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue;Sender",
                "Content-Type must be application/x-amz-json-1.0");
        assertJsonError(jsonPost(null, json10, valid), 400, "UnknownOperationException",
                "UnknownOperationException;Sender", "X-Amz-Target");
        assertJsonError(jsonPost("GraniteServiceVersion20100801.ListDashboards", json10, Json.encode(Map.of())), 400,
                "UnknownOperationException", "UnknownOperationException;Sender", "ListDashboards");
        assertJsonError(jsonPost(target, json10, "{\"StartTime\": ".getBytes(StandardCharsets.UTF_8)), 400,
                "com.amazonaws.cloudwatch#SerializationException", "SerializationException;Sender",
                "not valid JSON");

        List<String> violations = fake.violations();
        assertEquals(6, violations.size(), violations.toString());
        assertTrue(violations.get(1).contains("StartTime must be a timestamp"), violations.toString());
        assertTrue(violations.get(4).contains("ListDashboards"), violations.toString());
    }

    @Test
    void awsJsonRequestsMustBeSignedForMonitoring() throws Exception {
        HttpRequest unsigned = HttpRequest.newBuilder(fake.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .header("X-Amz-Date", "20261123T120000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20261123/ap-northeast-1/ssm/"
                        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(Map.of())))
                .build();

        assertJsonError(RAW.send(unsigned, HttpResponse.BodyHandlers.ofByteArray()), 403,
                "com.amazonaws.cloudwatch#IncompleteSignatureException", "IncompleteSignatureException;Sender",
                "service 'monitoring'");
        assertEquals(1, fake.violations().size());
    }

    @Test
    void awsJsonListMetricsPagesWithTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            fake.putSample("SignInSuccesses", Map.of("UserPool", "pool", "UserPoolClient", "client" + i), T0, 1, 1);
        }
        fake.putSample("SignUpSuccesses", Map.of("UserPool", "pool", "UserPoolClient", "client0"), T0, 1, 1);
        fake.setListMetricsPageSize(2);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Namespace", "AWS/Cognito");
        request.put("MetricName", "SignInSuccesses");
        request.put("Dimensions", List.of(Map.of("Name", "UserPool", "Value", "pool"), Map.of("Name",
                "UserPoolClient")));

        List<Object> clients = new ArrayList<>();
        int pages = 0;
        Object token = null;
        do {
            Map<?, ?> decoded = jsonPage("ListMetrics", request, token);
            for (Object metric : (List<?>) decoded.get("Metrics")) {
                assertEquals("SignInSuccesses", ((Map<?, ?>) metric).get("MetricName"));
                List<?> dimensions = (List<?>) ((Map<?, ?>) metric).get("Dimensions");
                assertEquals(Map.of("Name", "UserPool", "Value", "pool"), dimensions.get(0));
                clients.add(((Map<?, ?>) dimensions.get(1)).get("Value"));
            }
            token = decoded.get("NextToken");
            assertTrue(++pages < 10, "pagination does not end");
        } while (token != null);

        assertEquals(3, pages);
        assertEquals(List.of("client0", "client1", "client2", "client3", "client4"), clients);
        assertEquals(3, fake.calls("ListMetrics"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void awsJsonGetMetricDataPagesWithTokensAndRefusesAForeignOne() throws Exception {
        for (int minute = 0; minute < 3; minute++) {
            fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(60L * minute), minute + 1, 1);
        }
        fake.setMaxDatapointsPerPage(2);
        Map<String, Object> request = jsonRequest(T0, T0.plusSeconds(180));
        ((Map<String, Object>) ((Map<String, Object>) ((List<?>) request.get("MetricDataQueries")).get(0))
                .get("MetricStat")).put("Period", 60L);

        List<Object> values = new ArrayList<>();
        List<Object> statuses = new ArrayList<>();
        Object token = null;
        String firstToken = null;
        int pages = 0;
        do {
            Map<?, ?> decoded = jsonPage("GetMetricData", request, token);
            Map<?, ?> result = (Map<?, ?>) ((List<?>) decoded.get("MetricDataResults")).get(0);
            values.addAll((List<?>) result.get("Values"));
            statuses.add(result.get("StatusCode"));
            token = decoded.get("NextToken");
            firstToken = firstToken == null ? (String) token : firstToken;
            assertTrue(++pages < 10, "pagination does not end");
        } while (token != null);

        assertEquals(2, pages);
        assertEquals(List.of(3.0, 2.0, 1.0), values);
        assertEquals(List.of("PartialData", "Complete"), statuses);

        Map<String, Object> other = jsonRequest(T0, T0.plusSeconds(300));
        other.put("NextToken", firstToken);
        assertJsonError(jsonPost("GraniteServiceVersion20100801.GetMetricData", "application/x-amz-json-1.0",
                Json.encode(other)), 400, "com.amazonaws.cloudwatch#InvalidNextToken", "InvalidNextToken;Sender",
                "NextToken");
        assertEquals(1, fake.violations().size());
    }

    @Test
    void awsJsonInjectedServerFailureIsAReceiverFaultAndNotAViolation() throws Exception {
        fake.failNext("GetMetricData", 500, "InternalServiceFault", "try later");
        byte[] body = Json.encode(jsonRequest(T0, T0.plusSeconds(300)));

        assertJsonError(jsonPost("GraniteServiceVersion20100801.GetMetricData", "application/x-amz-json-1.0", body),
                500, "com.amazonaws.cloudwatch#InternalServiceFault", "InternalServiceError;Receiver", "try later");
        assertEquals(200, jsonPost("GraniteServiceVersion20100801.GetMetricData", "application/x-amz-json-1.0",
                body).statusCode());
        assertEquals(2, fake.calls("GetMetricData"));
        assertEquals(List.of(), fake.violations());
    }

    /** The body of a JSON GetMetricData for Sum of {@link #POOL_CLIENT} over 300 s, timestamps as whole seconds. */
    private static Map<String, Object> jsonRequest(Instant start, Instant end) {
        Map<String, Object> body = rawRequest(start, end);
        body.put("StartTime", start.getEpochSecond());
        body.put("EndTime", end.getEpochSecond());
        Map<String, Object> query = new LinkedHashMap<>((Map<String, Object>) ((List<?>) body.get(
                "MetricDataQueries")).get(0));
        query.put("MetricStat", new LinkedHashMap<>((Map<String, Object>) query.get("MetricStat")));
        body.put("MetricDataQueries", List.of(query));
        return body;
    }

    /** One page of {@code operation} over AWS JSON 1.0: {@code request} with {@code token} when not null; must be 200. */
    private Map<?, ?> jsonPage(String operation, Map<String, Object> request, Object token) throws Exception {
        Map<String, Object> page = new LinkedHashMap<>(request);
        if (token != null) {
            page.put("NextToken", token);
        }
        HttpResponse<byte[]> response = jsonPost("GraniteServiceVersion20100801." + operation,
                "application/x-amz-json-1.0", Json.encode(page));
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return (Map<?, ?>) Json.decode(response.body());
    }

    /** Posts an AWS JSON request as boto3 does, with a SigV4-shaped Authorization; {@code target} null: none. */
    private HttpResponse<byte[]> jsonPost(String target, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fake.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("x-amzn-query-mode", "true")
                .header("X-Amz-Date", "20261123T120000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20261123/ap-northeast-1/monitoring/"
                        + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                        + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertJsonError(HttpResponse<byte[]> response, int status, String type, String queryError,
            String messagePart) throws Exception {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), text);
        assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(queryError, response.headers().firstValue("x-amzn-query-error").orElse(null));
        Map<?, ?> error = (Map<?, ?>) Json.decode(response.body());
        assertEquals(type, error.get("__type"), text);
        assertTrue(((String) error.get("message")).contains(messagePart), text);
    }

    private static Map<String, Object> rawRequest(Instant start, Instant end) {
        List<Object> dimensions = new ArrayList<>();
        POOL_CLIENT.forEach((name, value) -> dimensions.add(Map.of("Name", name, "Value", value)));
        Map<String, Object> metric = Map.of("Namespace", "AWS/Cognito", "MetricName", "SignInSuccesses",
                "Dimensions", dimensions);
        Map<String, Object> query = Map.of("Id", "s", "MetricStat", Map.of("Metric", metric, "Period", 300L,
                "Stat", "Sum"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("MetricDataQueries", List.of(query));
        body.put("StartTime", start);
        body.put("EndTime", end);
        return body;
    }

    private HttpResponse<byte[]> rawPost(String operation, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(fake.endpoint().resolve(
                        "/service/GraniteServiceVersion20100801/operation/" + operation))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("smithy-protocol", "rpc-v2-cbor")
                .header("X-Amz-Date", "20261123T120000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFAKE/20261123/ap-northeast-1/monitoring/"
                        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return RAW.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int indexOf(byte[] haystack, byte first, byte second) {
        for (int i = 0; i + 1 < haystack.length; i++) {
            if (haystack[i] == first && haystack[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }

    private void assertInvalid(String expectedMessagePart, GetMetricDataRequest request) {
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> client.getMetricData(request));
        assertInstanceOf(InvalidParameterValueException.class, e);
        assertTrue(e.awsErrorDetails().errorMessage().contains(expectedMessagePart),
                "expected '" + expectedMessagePart + "' in: " + e.awsErrorDetails().errorMessage());
    }

    private static GetMetricDataRequest request(Instant start, Instant end, MetricDataQuery... queries) {
        return GetMetricDataRequest.builder().startTime(start).endTime(end).metricDataQueries(queries).build();
    }

    private static MetricDataQuery query(String id, String stat, int period) {
        return query(id, stat, period, "SignInSuccesses");
    }

    private static MetricDataQuery query(String id, String stat, int period, String metricName) {
        List<Dimension> dimensions = new ArrayList<>();
        POOL_CLIENT.forEach((name, value) -> dimensions.add(Dimension.builder().name(name).value(value).build()));
        return MetricDataQuery.builder().id(id)
                .metricStat(s -> s.stat(stat).period(period)
                        .metric(m -> m.namespace("AWS/Cognito").metricName(metricName).dimensions(dimensions)))
                .build();
    }

    private static Map<String, MetricDataResult> byId(List<MetricDataResult> results) {
        Map<String, MetricDataResult> byId = new LinkedHashMap<>();
        results.forEach(r -> byId.put(r.id(), r));
        return byId;
    }
}
