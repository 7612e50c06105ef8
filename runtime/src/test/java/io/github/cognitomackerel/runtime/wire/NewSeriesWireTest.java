package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.MOBILE;
import static io.github.cognitomackerel.runtime.wire.WireFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.FakeClock;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.run.RunResult;
import io.github.cognitomackerel.runtime.internal.run.Summary;
import io.github.cognitomackerel.runtime.testing.RecordingLog;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A series CloudWatch lists late is backfilled, so Mackerel ends up with its true values rather than the zeros posted
 * while it was not listed. Successive scheduled runs are driven with an injected clock through the real exporter,
 * its real SDK clients and its real Mackerel client, against the fakes; the fake CloudWatch lists a new series only
 * 15 minutes after its first sample (as CloudWatch may), while GetMetricData answers for it at once.
 */
class NewSeriesWireTest extends WireTest {

    /** 12:00:10: runs are 10 seconds after each 5-minute boundary, like a schedule. */
    private static final Instant START = Instant.parse("2026-11-23T12:00:10Z");
    private static final long P1200 = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond();

    private final FakeClock clock = new FakeClock(START);
    private final RecordingLog log = new RecordingLog();
    private final List<AwsClients> clients = new ArrayList<>();

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    @BeforeEach
    void pool() {
        fixture.mackerel.setClock(clock);
        fixture.cloudWatch.setListingDelay(clock, Duration.ofMinutes(15));
        // Activity of both named clients a day ago: every Successes series is listed, no Throttles ever.
        long dayAgo = START.minus(Duration.ofDays(1)).getEpochSecond();
        for (String client : List.of(WEB, MOBILE)) {
            for (String stem : List.of("SignUp", "SignIn", "TokenRefresh")) {
                fixture.attempts(stem, client, dayAgo, 1, 0);
            }
            for (String idp : List.of("Google", "SAML-Corp")) {
                fixture.federation(client, idp, dayAgo, 1, 0);
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(AwsClients::close);
        for (String line : log.lines()) {
            WireFixture.assertNoSecret(WireFixture.API_KEY, line, "log line");
        }
    }

    /** A new exporter instance (a Lambda cold start) with the handler's cache TTL. */
    private Exporter instance() {
        AwsClients aws = AwsClients.fromEnvironment(fixture.environment());
        clients.add(aws);
        return new Exporter(aws.ssm(), aws.cloudWatch(), MackerelClient.create(clock), clock, Duration.ofMinutes(15));
    }

    /** A scheduled run at the clock's time, asserted ok. */
    private RunResult run(Exporter exporter) {
        RunResult result = exporter.run(WireFixture.CONFIG_PARAMETER, clock.instant(), clock.instant().plusSeconds(60), false,
                log);
        assertTrue(result.ok(), result::failure);
        log.info(Summary.line(result));
        return result;
    }

    private void fiveMinutesLater() {
        clock.advance(Duration.ofMinutes(5));
    }

    private Double posted(String name, long time) {
        return fixture.mackerel.values().getOrDefault(name, Map.of()).get(time);
    }

    private Map<String, Object> lastGetMetricData() {
        List<RecordedRequest> requests = fixture.cloudWatch.requests("GetMetricData");
        return requests.get(requests.size() - 1).decodedObject();
    }

    private static boolean requestsThrottles(Map<String, Object> getMetricData) {
        return ((List<?>) getMetricData.get("MetricDataQueries")).stream()
                .anyMatch(q -> q.toString().contains("Throttles"));
    }

    @Test
    void aThrottleListedLateIsBackfilledOverTheZerosPostedBeforeIt() {
        Exporter exporter = instance();
        RunResult first = run(exporter); // 12:00:10: a cold start, lists the pool
        assertEquals(20, first.stats().metricsRequested(), "never throttled: no Throttles requested");
        assertFalse(requestsThrottles(lastGetMetricData()));

        // The first throttles ever, at 12:03 (period 12:00): CloudWatch lists SignInThrottles from 12:18.
        fixture.throttles("SignIn", WEB, P1200 + 180, 4);
        for (int i = 0; i < 3; i++) { // 12:05:10 (cached list), 12:10:10 (listed again, too early), 12:15:10
            fiveMinutesLater();
            RunResult run = run(exporter);
            assertEquals(20, run.stats().metricsRequested(), "not listed yet, not requested");
            assertEquals(0, run.backfilled());
        }
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"), "at 12:00:10 and 12:10:10");
        assertEquals(0.0, posted("cognito.sign_in.web.throttle", P1200), "posted as 0 while not listed");
        assertEquals(0.0, posted("cognito.sign_in.total.throttle", P1200));

        fiveMinutesLater(); // 12:20:10: the 12:10:10 list is 10 minutes old and read again: the series is listed
        RunResult found = run(exporter);

        assertEquals(21, found.stats().metricsRequested(), "the listed Throttles series is requested from now on");
        Map<String, Object> data = lastGetMetricData();
        // Read from the previous list (12:10:10) minus CloudWatch's listing delay (15 min), aligned: 11:55; the
        // window of this run is 12:05-12:20, which no longer holds 12:00.
        assertEquals(Instant.parse("2026-11-23T11:55:00Z"), data.get("StartTime"));
        assertEquals(Instant.parse("2026-11-23T12:20:00Z"), data.get("EndTime"));
        assertEquals(4.0, posted("cognito.sign_in.web.throttle", P1200), "the true value replaced the 0");
        assertEquals(4.0, posted("cognito.sign_in.total.throttle", P1200));
        assertEquals(2, found.backfilled(), "web's and total's throttle at 12:00, nothing else");
        assertTrue(Summary.line(found).contains(" backfilled=2 metrics=21 "), Summary.line(found));
        assertTrue(Summary.json(found).endsWith(",\"metrics\":21}"), Summary.json(found));

        fiveMinutesLater(); // 12:25:10: known now, no more backfill
        RunResult next = run(exporter);
        assertEquals(21, next.stats().metricsRequested());
        assertEquals(Instant.parse("2026-11-23T12:10:00Z"), lastGetMetricData().get("StartTime"));
        assertEquals(0, next.backfilled());
        assertEquals(4.0, posted("cognito.sign_in.web.throttle", P1200));
        fixture.assertNoViolations();
    }

    @Test
    void aBackfillRunThatFailsIsRepeatedByTheNextRun() {
        Exporter exporter = instance();
        run(exporter); // 12:00:10
        fixture.throttles("SignUp", MOBILE, P1200 + 120, 3); // 12:02, listed from 12:17
        for (int i = 0; i < 3; i++) { // 12:05:10, 12:10:10, 12:15:10
            fiveMinutesLater();
            run(exporter);
        }
        fiveMinutesLater(); // 12:20:10: the series is listed, but Mackerel refuses the post
        fixture.mackerel.respondWith(400, Map.of(), "{\"error\":{\"message\":\"refused once\"}}", 1);
        RunResult failed = exporter.run(WireFixture.CONFIG_PARAMETER, clock.instant(), clock.instant().plusSeconds(60), false,
                log);
        assertFalse(failed.ok());
        assertEquals(0.0, posted("cognito.sign_up.mobile.throttle", P1200));

        fiveMinutesLater(); // 12:25:10: lists again and, still measured against the last successful run's list
        RunResult retried = run(exporter); // (12:10:10), reads back from 11:55
        assertEquals(Instant.parse("2026-11-23T11:55:00Z"), lastGetMetricData().get("StartTime"));
        assertEquals(3.0, posted("cognito.sign_up.mobile.throttle", P1200));
        assertEquals(3.0, posted("cognito.sign_up.total.throttle", P1200));
        assertEquals(2, retried.backfilled());
        fixture.assertNoViolations();
    }

    @Test
    void aColdStartLosesNothingThePreviousInstancePostedAsZero() {
        Exporter old = instance();
        run(old); // 12:00:10
        fixture.throttles("TokenRefresh", MOBILE, P1200 + 60, 7); // 12:01, listed from 12:16
        for (int i = 0; i < 3; i++) { // 12:05:10, 12:10:10, 12:15:10: posted as 0
            fiveMinutesLater();
            run(old);
        }
        assertEquals(0.0, posted("cognito.token_refresh.mobile.throttle", P1200));

        // The old instance is gone; a new one starts at 12:20:10. The series is listed now, but the run's window
        // (12:05-12:20) no longer holds 12:00, and the new instance cannot know what the old one saw.
        fiveMinutesLater();
        RunResult cold = run(instance());

        // window start (12:05) - inventory max age (10 min) - listing delay (15 min) = 11:40
        assertEquals(Instant.parse("2026-11-23T11:40:00Z"), lastGetMetricData().get("StartTime"));
        assertEquals(21, cold.stats().metricsRequested(), "reading further back costs no extra metric");
        assertEquals(7.0, posted("cognito.token_refresh.mobile.throttle", P1200));
        assertEquals(7.0, posted("cognito.token_refresh.total.throttle", P1200));
        assertEquals(2, cold.backfilled(), "only where the new series has data");
        fixture.assertNoViolations();
    }

    @Test
    void aNamedClientIsQueriedFromItsFirstSignInBeforeCloudWatchListsIt() {
        String newClient = "5k2q8w1m3n7b9v4c6x0z2a4s6d";
        fixture.put("clients.partner", newClient);
        Exporter exporter = instance();
        run(exporter); // 12:00:10
        fixture.attempts("SignIn", newClient, P1200 + 240, 3, 1); // its first sign-ins: 12:04

        fiveMinutesLater(); // 12:05:10
        RunResult run = run(exporter);

        assertFalse(clients.get(0).cloudWatch().listMetrics(r -> r.namespace("AWS/Cognito")).metrics().stream()
                .anyMatch(m -> m.toString().contains(newClient)), "CloudWatch does not list the new client yet");
        assertEquals(3.0, posted("cognito.sign_in.partner.success", P1200), "shown at once, listed or not");
        assertEquals(4.0, posted("cognito.sign_in.partner.attempt", P1200));
        assertEquals(1.0, posted("cognito.sign_in.partner.failure", P1200));
        assertEquals(3.0, posted("cognito.sign_in.total.success", P1200));
        assertEquals(0.0, posted("cognito.sign_in.partner.throttle", P1200));
        // web and mobile: 20; partner: Successes (Sum, SampleCount) of sign_up, sign_in, token_refresh
        assertEquals(26, run.stats().metricsRequested());
        assertEquals(0, run.backfilled());
        fixture.assertNoViolations();
    }
}
