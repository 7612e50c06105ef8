package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.MOBILE;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P0;
import static io.github.cognitomackerel.runtime.wire.WireFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What GetMetricData bills per run (metrics requested: one per statistic of a metric), counted from the requests the
 * fake CloudWatch received, for the pools of the README's Cost section. Each test prints its figure:
 * {@code mvn -o -q -pl settings,runtime -am test -Dtest=CostWireTest -Dsurefire.failIfNoSpecifiedTests=false} shows
 * them on standard output.
 */
class CostWireTest extends WireTest {

    private static final List<String> STEMS = List.of("SignUp", "SignIn", "TokenRefresh");

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    /** All four activities of a client, federation through two identity providers; never a throttle. */
    private void activity(String clientId) {
        for (String stem : STEMS) {
            fixture.attempts(stem, clientId, P0 + 10, 2, 1);
        }
        for (String idp : List.of("Google", "SAML-Corp")) {
            fixture.federation(clientId, idp, P0 + 20, 1, 0);
        }
    }

    /** Runs the handler twice (cold, then warm) and returns the metrics each run's GetMetricData requests held. */
    private int[] metricsPerRun() {
        Handler handler = fixture.handler();
        int[] counts = new int[2];
        for (int i = 0; i < 2; i++) {
            int before = fixture.cloudWatch.requests("GetMetricData").size();
            fixture.invoke(handler).assertOk();
            List<RecordedRequest> requests = fixture.cloudWatch.requests("GetMetricData");
            for (RecordedRequest request : requests.subList(before, requests.size())) {
                counts[i] += ((List<?>) request.decodedObject().get("MetricDataQueries")).size();
            }
        }
        fixture.assertNoViolations();
        return counts;
    }

    private static void print(String pool, int metrics) {
        // 5-minute runs: 12 an hour, 730 hours a month; $0.01 per 1,000 metrics requested
        double monthly = metrics * 12 * 730 * 0.01 / 1000;
        System.out.printf(Locale.ROOT, "cost: %s: %d metrics per run, $%.2f a month at 5-minute runs%n", pool,
                metrics, monthly);
    }

    @Test
    void theSampleAppThatNeverThrottledRequestsAtMostTwentyMetricsPerRun() {
        activity(WEB);
        activity(MOBILE);

        int[] counts = metricsPerRun();

        print("sample app (web, mobile; 4 activities; 2 identity providers each; never throttled)", counts[0]);
        assertTrue(counts[0] <= 20, counts[0] + " metrics");
        // web and mobile: Successes Sum and SampleCount of 3 activities, and of federation per identity provider
        assertEquals(2 * (3 * 2 + 2 * 2), counts[0]);
        assertEquals(counts[0], counts[1], "a warm run requests the same metrics");
    }

    @Test
    void aPoolOfTwentyFiveClientsThatNeverThrottled() {
        fixture.remove("clients.web");
        fixture.remove("clients.mobile");
        for (int c = 0; c < 25; c++) {
            String clientId = String.format(Locale.ROOT, "c%02dq2m8hpt4c9jxa3dbe7f1s6vn", c);
            fixture.put(String.format(Locale.ROOT, "clients.c%02d", c), clientId);
            activity(clientId);
        }

        int[] counts = metricsPerRun();

        print("25 clients (4 activities; 2 identity providers each; never throttled)", counts[0]);
        assertEquals(25 * (3 * 2 + 2 * 2), counts[0]);
        assertEquals(counts[0], counts[1]);
    }

    @Test
    void throttlesAreRequestedForTheSeriesThatHaveThem() {
        activity(WEB);
        activity(MOBILE);
        fixture.throttles("SignIn", WEB, P0 + 30, 2);
        fixture.throttles("Federation", WireFixture.federationDimensions(MOBILE, "Google"), P0 + 40, 1);

        int[] counts = metricsPerRun();

        print("sample app with 2 throttled series", counts[0]);
        assertEquals(2 * (3 * 2 + 2 * 2) + 2, counts[0]);
        assertEquals(2.0, fixture.mackerel.values().get("cognito.sign_in.web.throttle").get(P0));
        assertEquals(1.0, fixture.mackerel.values().get("cognito.federation.total.throttle").get(P0));
        assertEquals(0.0, fixture.mackerel.values().get("cognito.sign_in.mobile.throttle").get(P0),
                "not requested, posted as 0");
    }
}
