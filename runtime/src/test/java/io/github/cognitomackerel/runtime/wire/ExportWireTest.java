package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.MOBILE;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P0;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P1;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P2;
import static io.github.cognitomackerel.runtime.wire.WireFixture.T;
import static io.github.cognitomackerel.runtime.wire.WireFixture.USER_POOL_ID;
import static io.github.cognitomackerel.runtime.wire.WireFixture.WEB;
import static io.github.cognitomackerel.runtime.wire.WireFixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a successful run sends over the wire: the real handler, its real SDK clients and Mackerel client, against the
 * local fakes. Each test asserts the exact values Mackerel holds per name and period, the calls of each kind, and
 * that no fake saw an invalid request.
 */
class ExportWireTest extends WireTest {

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    @Test
    void normalRunPostsEveryMeasureOfEveryClientAndTotalStampedWithPeriodStarts() {
        fixture.seedStandardActivity();

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":\"2026-11-23T12:05:00Z\","
                + "\"values\":144,\"series\":48,\"metrics\":19}", run.assertOk());
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        String summary = run.summary();
        assertTrue(summary.matches("cognito-mackerel-metrics run ok window=2026-11-23T11:50:00Z/2026-11-23T12:05:00Z"
                + " period=300 series=48 values=144( stale=\\d+)? metrics=19 calls=getMetricData:1,listMetrics:1,ssm:2,mackerel:1"
                + " retries=0 durationMs=\\d+"), summary);

        // calls: the configuration (one page) and the key; one ListMetrics; one GetMetricData; one POST
        assertEquals(2, fixture.ssm.calls("GetParameter"));
        assertEquals(2, fixture.ssmCalls());
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(2, fixture.cloudWatch.requests().size());
        assertEquals(1, fixture.mackerelPosts());
        fixture.assertNoViolations();

        // What was asked: the configuration not decrypted; the key decrypted; the pool's metrics; the window
        Map<String, Object> config = fixture.ssm.requests("GetParameter").get(0).decodedObject();
        assertEquals(Map.of("Name", WireFixture.CONFIG_PARAMETER, "WithDecryption", false), config);
        Map<String, Object> key = fixture.ssm.requests("GetParameter").get(1).decodedObject();
        assertEquals(Map.of("Name", WireFixture.KEY_PARAMETER, "WithDecryption", true), key);
        Map<String, Object> list = fixture.cloudWatch.requests("ListMetrics").get(0).decodedObject();
        assertEquals("AWS/Cognito", list.get("Namespace"));
        assertEquals(List.of(Map.of("Name", "UserPool", "Value", USER_POOL_ID)), list.get("Dimensions"));
        Map<String, Object> data = fixture.cloudWatch.requests("GetMetricData").get(0).decodedObject();
        // a cold start over a listing with throttles reads back the inventory's age (10 min) and CloudWatch's listing
        // delay (15 min) before the window (NewSeriesWireTest); the handler's clock is a minute after T
        assertEquals(Instant.ofEpochSecond(P0 - 600 - 900), data.get("StartTime"));
        assertEquals(T, data.get("EndTime"));
        // Successes (Sum, SampleCount) of 3 activities x 2 named clients, federation Successes of web's 2 identity
        // providers, and the 3 Throttles series CloudWatch lists (web: SignIn, SignUp, Federation via Google)
        assertEquals(3 * 2 * 2 + 2 * 2 + 3, ((List<?>) data.get("MetricDataQueries")).size());

        // The static credentials of the environment sign every AWS request, session token included
        for (RecordedRequest request : fixture.ssm.requests()) {
            assertTrue(request.header("Authorization").contains("Credential=" + WireFixture.ACCESS_KEY_ID + "/"),
                    request::toString);
            assertTrue(request.header("Authorization").contains("/" + WireFixture.REGION + "/ssm/aws4_request"),
                    request::toString);
            assertEquals(WireFixture.SESSION_TOKEN, request.header("X-Amz-Security-Token"));
        }
        // Mackerel gets JSON with the key in X-Api-Key at /api/v0/services/<service>/tsdb
        RecordedRequest post = fixture.mackerel.requests().get(0);
        assertEquals("/api/v0/services/" + WireFixture.SERVICE + "/tsdb", post.path());
        assertEquals(WireFixture.API_KEY, post.header("X-Api-Key"));
        // 144 values, then the three heartbeat series in the same (last) batch
        assertEquals(147, ((List<?>) post.decodedBody()).size());
    }

    @Test
    void runWithoutAnyActivityPostsZeroForEveryPeriod() {
        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":\"2026-11-23T12:05:00Z\","
                + "\"values\":144,\"series\":48,\"metrics\":12}", run.assertOk());
        assertEquals(WireFixture.standardZeros(), fixture.dataValues());
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(2, fixture.ssmCalls());
        assertEquals(1, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void runWithoutActivityAndZeroFillOffPostsNothingAndDoesNotReadTheKey() {
        fixture.put("zero-fill", "false");
        fixture.put("heartbeat", "false");

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":\"2026-11-23T12:05:00Z\","
                + "\"values\":0,\"series\":0,\"metrics\":12}", run.assertOk());
        assertEquals(Map.of(), fixture.dataValues());
        assertEquals(0, fixture.mackerel.requests().size());
        assertEquals(1, fixture.ssm.calls("GetParameter"), "the configuration; no key is read when nothing is posted");
        assertTrue(run.summary().contains(" values=0 metrics=12 calls=getMetricData:1,listMetrics:1,ssm:1,mackerel:0 "),
                run.summary());
        fixture.assertNoViolations();
    }

    @Test
    void zeroFillOffPostsOnlyPeriodsWithData() {
        fixture.put("zero-fill", "false");
        fixture.attempts("SignIn", WEB, P0 + 60, 3, 1);
        fixture.throttles("SignUp", MOBILE, P2, 2);

        fixture.invoke(fixture.handler()).assertOk();

        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        expected.put("cognito.sign_in.web.success", Map.of(P0, 3.0));
        expected.put("cognito.sign_in.web.attempt", Map.of(P0, 4.0));
        expected.put("cognito.sign_in.web.failure", Map.of(P0, 1.0));
        expected.put("cognito.sign_in.total.success", Map.of(P0, 3.0));
        expected.put("cognito.sign_in.total.attempt", Map.of(P0, 4.0));
        expected.put("cognito.sign_in.total.failure", Map.of(P0, 1.0));
        expected.put("cognito.sign_up.mobile.throttle", Map.of(P2, 2.0));
        expected.put("cognito.sign_up.total.throttle", Map.of(P2, 2.0));
        assertEquals(expected, fixture.dataValues());
        assertEquals(1, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void poolClientsThatAreNotConfiguredArePostedUnderTheirClientIds() {
        String third = "5q2w8e4r6t1y9u3i7o0p2a4s6d";
        fixture.remove("clients.mobile");
        fixture.attempts("SignIn", WEB, P0, 1, 1);
        fixture.attempts("SignIn", MOBILE, P1, 2, 0);
        fixture.attempts("TokenRefresh", third, P2, 6, 0);
        fixture.federation(third, "Facebook", P2 + 30, 1, 0);
        // Not this pool's clients: another pool, and a pool-level metric without a client
        fixture.attempts("SignIn", Map.of("UserPool", "ap-northeast-1_Other0001", "UserPoolClient", "otherclient"),
                P0, 50, 0);
        fixture.attempts("SignIn", Map.of("UserPool", USER_POOL_ID), P0, 40, 0);

        fixture.invoke(fixture.handler()).assertOk();

        Map<String, Map<Long, Double>> expected = WireFixture.zeros("cognito", WireFixture.ACTIVITIES,
                List.of("web", MOBILE, third, "total"), List.of(P0, P1, P2));
        set(expected, "cognito.sign_in.web", P0, 1, 2, 1, 0);
        set(expected, "cognito.sign_in." + MOBILE, P1, 2, 2, 0, 0);
        set(expected, "cognito.token_refresh." + third, P2, 6, 6, 0, 0);
        set(expected, "cognito.federation." + third, P2, 1, 1, 0, 0);
        set(expected, "cognito.sign_in.total", P0, 1, 2, 1, 0);
        set(expected, "cognito.sign_in.total", P1, 2, 2, 0, 0);
        set(expected, "cognito.token_refresh.total", P2, 6, 6, 0, 0);
        set(expected, "cognito.federation.total", P2, 1, 1, 0, 0);
        assertEquals(expected, fixture.dataValues());
        assertEquals(4 * 4 * 4 * 3, fixture.dataValues().values().stream().mapToInt(Map::size).sum());
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(1, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void optionalSettingsShapeNamesPeriodsAndBatches() {
        // one-minute periods over 3 minutes, two activities, a custom prefix, legacy names for the total, 5 per POST
        fixture.put("metric-name-prefix", "myapp.cognito");
        fixture.put("activities", "token_refresh,sign_in");
        fixture.put("period-seconds", "60");
        fixture.put("lookback-seconds", "180");
        fixture.put("legacy-metric-names-client", "total");
        fixture.put("mackerel-batch-size", "5");
        long m0 = T.getEpochSecond() - 180;
        long m1 = T.getEpochSecond() - 120;
        long m2 = T.getEpochSecond() - 60;
        fixture.attempts("SignIn", WEB, m0 + 5, 2, 1);
        fixture.attempts("SignIn", MOBILE, m2 + 59, 1, 0);
        fixture.throttles("TokenRefresh", MOBILE, m1, 4);
        fixture.attempts("SignUp", WEB, m1, 8, 0); // not exported: sign_up is not configured

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        // (2 activities x 3 clients x 4 measures + 2 legacy names) x 3 periods
        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T12:02:00Z\",\"windowEnd\":\"2026-11-23T12:05:00Z\","
                + "\"values\":78,\"series\":26,\"metrics\":9}", run.assertOk());
        Map<String, Map<Long, Double>> expected = WireFixture.zeros("myapp.cognito",
                List.of("sign_in", "token_refresh"), List.of("web", "mobile", "total"), List.of(m0, m1, m2));
        set(expected, "myapp.cognito.sign_in.web", m0, 2, 3, 1, 0);
        set(expected, "myapp.cognito.sign_in.mobile", m2, 1, 1, 0, 0);
        set(expected, "myapp.cognito.sign_in.total", m0, 2, 3, 1, 0);
        set(expected, "myapp.cognito.sign_in.total", m2, 1, 1, 0, 0);
        set(expected, "myapp.cognito.token_refresh.mobile", m1, 0, 0, 0, 4);
        set(expected, "myapp.cognito.token_refresh.total", m1, 0, 0, 0, 4);
        expected.put("cognito.SignIn_Success", Map.of(m0, 2.0, m1, 0.0, m2, 1.0));
        expected.put("cognito.SignIn_Attempt", Map.of(m0, 3.0, m1, 0.0, m2, 1.0));
        assertEquals(expected, fixture.dataValues());

        // one configuration document, whatever the number of settings, and the key
        assertEquals(2, fixture.ssm.calls("GetParameter"));
        // 78 values in POSTs of at most 5: 16 POSTs (the last holds 3), then the heartbeat's three values, which do
        // not fit in it, in a 17th
        assertEquals(17, fixture.mackerelPosts());
        List<Integer> sizes = new ArrayList<>();
        fixture.mackerel.requests().forEach(r -> sizes.add(((List<?>) r.decodedBody()).size()));
        assertEquals(78 + 3, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(Map.of("myapp.cognito.exporter.heartbeat", Map.of(m2, 1.0), "myapp.cognito.exporter.posted",
                Map.of(m2, 78.0)), Map.of("myapp.cognito.exporter.heartbeat",
                        fixture.exporterValues().get("myapp.cognito.exporter.heartbeat"),
                        "myapp.cognito.exporter.posted", fixture.exporterValues().get("myapp.cognito.exporter.posted")));
        assertTrue(sizes.stream().allMatch(size -> size <= 5), sizes::toString);
        Map<String, Object> data = fixture.cloudWatch.requests("GetMetricData").get(0).decodedObject();
        // a cold start reads back the inventory's age (2 min) and CloudWatch's listing delay (15 min)
        assertEquals(Instant.ofEpochSecond(m0 - 120 - 900), data.get("StartTime"));
        for (Object query : (List<?>) data.get("MetricDataQueries")) {
            assertEquals(60L, ((Map<?, ?>) ((Map<?, ?>) query).get("MetricStat")).get("Period"));
        }
        fixture.assertNoViolations();
    }
}
