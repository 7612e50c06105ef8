package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.FakeClock;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.Configs;
import io.github.cognitomackerel.runtime.internal.cloudwatch.StubCloudWatch;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.mackerel.RetryPolicy;
import io.github.cognitomackerel.runtime.internal.mackerel.StubTransport;
import io.github.cognitomackerel.runtime.testing.RecordingLog;

import io.github.cognitomackerel.CognitoActivity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class ExporterTest {

    static final String P = "/cognito-mackerel/prod";
    static final String POOL = "ap-northeast-1_AbCdEf123";
    static final String KEY_PARAMETER = "/mackerel/api-key";
    static final String KEY = "mkr-SECRET-0123456789abcdef";

    final FakeClock clock = FakeClock.at("2026-11-23T12:05:10Z");
    final StubSsm ssm = new StubSsm();
    final StubCloudWatch cloudWatch = new StubCloudWatch();
    final StubTransport transport = new StubTransport();
    final RecordingLog log = new RecordingLog();
    Exporter exporter;

    @BeforeEach
    void setUp() {
        ssm.setting(P, "user-pool-id", POOL)
                .setting(P, "mackerel-service-name", "my-service")
                .setting(P, "mackerel-api-key-parameter", KEY_PARAMETER)
                .setting(P, "clients.web", "webclient")
                .put(KEY_PARAMETER, ParameterType.SECURE_STRING, KEY);
        cloudWatch.successes(CognitoActivity.SIGN_IN, POOL, "webclient", null, "2026-11-23T12:00:00Z", 3, 5)
                .successes(CognitoActivity.SIGN_IN, POOL, "otherclient", null, "2026-11-23T12:00:00Z", 1, 1)
                .successes(CognitoActivity.FEDERATION, POOL, "webclient", "Google", "2026-11-23T11:55:00Z", 2, 2)
                .successes(CognitoActivity.FEDERATION, POOL, "webclient", "Okta", "2026-11-23T11:55:00Z", 1, 3);
        exporter = exporter(Duration.ofSeconds(900));
    }

    Exporter exporter(Duration ttl) {
        MackerelClient mackerel = new MackerelClient(transport,
                new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6, new Random(1)), clock.sleeper(), clock);
        return new Exporter(ssm, cloudWatch, mackerel, clock, ttl);
    }

    RunResult run() {
        return run(false);
    }

    RunResult run(boolean dryRun) {
        return exporter.run(P, clock.instant(), clock.instant().plusSeconds(60), dryRun, log);
    }

    /** name@time -> value over every request body posted. */
    Map<String, Object> posted() {
        return transport.requests.stream().flatMap(r -> ((List<?>) Json.parse(r.body())).stream())
                .map(o -> (Map<?, ?>) o)
                .collect(Collectors.toMap(m -> m.get("name") + "@" + m.get("time"), m -> m.get("value")));
    }

    @Test
    void coldRunReadsEverythingWarmRunOnlyCloudWatchAndMackerel() {
        RunResult cold = run();
        assertTrue(cold.ok(), cold.failure());
        assertEquals("getMetricData:1,listMetrics:1,ssm:2,mackerel:1", cold.stats().calls());
        assertEquals(Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 300, 900), cold.window());
        // 4 activities x (web, otherclient, total) x 4 measures x 3 periods
        assertEquals(144, cold.values().size());
        assertEquals(48, cold.series());
        assertEquals(144, cold.stats().posted());
        Map<String, Object> posted = posted();
        long p = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond();
        assertEquals(3, ((Number) posted.get("cognito.sign_in.web.success@" + p)).intValue());
        assertEquals(2, ((Number) posted.get("cognito.sign_in.web.failure@" + p)).intValue());
        assertEquals(1, ((Number) posted.get("cognito.sign_in.otherclient.attempt@" + p)).intValue());
        assertEquals(6, ((Number) posted.get("cognito.sign_in.total.attempt@" + p)).intValue());
        assertEquals(3, ((Number) posted.get("cognito.federation.web.success@" + (p - 300))).intValue());
        assertEquals(2, ((Number) posted.get("cognito.federation.web.failure@" + (p - 300))).intValue());
        assertEquals(KEY, transport.requests.get(0).apiKey());

        clock.advance(Duration.ofMinutes(5));
        RunResult warm = run();
        assertTrue(warm.ok(), warm.failure());
        assertEquals("getMetricData:1,listMetrics:0,ssm:0,mackerel:1", warm.stats().calls());
        assertEquals("cognito-mackerel-metrics run ok window=2026-11-23T11:55:00Z/2026-11-23T12:10:00Z period=300 "
                + "series=48 values=144 metrics=12 calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:1 retries=0 durationMs=0",
                Summary.line(warm));
        assertEquals(2, ssm.calls());
        assertEquals(1, cloudWatch.listMetricsRequests.size());
    }

    @Test
    void getMetricDataAsksForTheWindowAndPeriodOnlyForListedSeriesAndNamedClientsSuccesses() {
        RunResult cold = run();
        GetMetricDataRequest request = cloudWatch.getMetricDataRequests.get(0);
        // A cold start cannot know which listed series are new: it reads them back over the inventory's maximum age
        // (10 min) and CloudWatch's listing delay (15 min) before the window, at no extra metric.
        assertEquals(Instant.parse("2026-11-23T11:25:00Z"), request.startTime());
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), request.endTime());
        // web (named): Successes of sign_up, sign_in, token_refresh, Sum and SampleCount, listed or not;
        // otherclient: SignInSuccesses (the only one listed); federation: web x 2 idps x Successes; no Throttles.
        assertEquals(3 * 2 + 2 + 2 * 2, request.metricDataQueries().size());
        assertEquals(12, cold.stats().metricsRequested());
        assertTrue(request.metricDataQueries().stream()
                .noneMatch(q -> q.metricStat().metric().metricName().endsWith("Throttles")));
        for (MetricDataQuery query : request.metricDataQueries()) {
            assertEquals(300, query.metricStat().period());
            assertEquals("AWS/Cognito", query.metricStat().metric().namespace());
        }

        clock.advance(Duration.ofMinutes(5));
        run();
        GetMetricDataRequest warm = cloudWatch.getMetricDataRequests.get(1);
        assertEquals(Instant.parse("2026-11-23T11:55:00Z"), warm.startTime(), "nothing new: the window only");
        assertEquals(12, warm.metricDataQueries().size());
    }

    @Test
    void theClientListIsReadAgainBeforeANewClientsFirstPeriodsLeaveTheWindow() {
        run(); // 12:05:10: lists the pool's clients
        clock.advance(Duration.ofMinutes(5));
        assertEquals("getMetricData:1,listMetrics:0,ssm:0,mackerel:1", run().stats().calls(), "12:10: reused");
        // A client appears at 12:12 (period 12:10); the 15-minute window of the run at 12:15 still holds 12:10...
        cloudWatch.successes(CognitoActivity.SIGN_IN, POOL, "newclient", null, "2026-11-23T12:10:00Z", 4, 4);
        clock.advance(Duration.ofMinutes(5));
        RunResult result = run();

        // ...and the list (10 minutes old: lookback minus one period) is read again, while SSM is not.
        assertEquals("getMetricData:1,listMetrics:1,ssm:0,mackerel:1", result.stats().calls());
        long p1210 = Instant.parse("2026-11-23T12:10:00Z").getEpochSecond();
        String lastBody = transport.requests.get(transport.requests.size() - 1).body();
        assertTrue(lastBody.contains("{\"name\":\"cognito.sign_in.newclient.success\",\"time\":" + p1210
                + ",\"value\":4}"), lastBody);
        assertEquals(Duration.ofMinutes(10), Exporter.inventoryMaxAge(
                Configs.with(java.util.Map.of())));
    }

    @Test
    void theProgressParameterStaysBehindByAtMostAnHourOrHalfTheCatchUpsReach() {
        assertEquals(Duration.ofHours(1), Exporter.progressWriteInterval(Configs.with(java.util.Map.of())));
        assertEquals(Duration.ofMinutes(45), Exporter.progressWriteInterval(
                Configs.with(java.util.Map.of("catch-up-max-age-seconds", "5400"))));
        // A catch-up that reaches no further than the lookback: written every period
        assertEquals(Duration.ofMinutes(5), Exporter.progressWriteInterval(Configs.with(java.util.Map.of(
                "lookback-seconds", "300", "catch-up-max-age-seconds", "300"))));
    }

    @Test
    void aReferenceTimeInTheFutureFailsBeforeAnyCall() {
        Instant future = clock.instant().plus(Duration.ofDays(365));
        RunResult result = exporter.run(P, future, clock.instant().plusSeconds(60), false, log);

        assertFalse(result.ok());
        assertEquals("The reference time 2027-11-23T12:05:10Z is in the future (now is 2026-11-23T12:05:10Z): give a "
                + "past instant with --at or --to, or fix the event's 'at', 'scheduled-time' or 'time'", result.failure());
        assertEquals(0, ssm.calls());
        assertEquals(0, cloudWatch.calls());
        assertTrue(exporter.run(P, clock.instant().plus(Exporter.MAX_CLOCK_SKEW), clock.instant().plusSeconds(60),
                false, log).ok(), "a few minutes of clock skew are tolerated");
    }

    @Test
    void cacheExpiresAfterTheTtl() {
        run();
        clock.advance(Duration.ofSeconds(901));
        RunResult result = run();
        assertEquals("getMetricData:1,listMetrics:1,ssm:2,mackerel:1", result.stats().calls());
    }

    @Test
    void zeroTtlReadsEveryTime() {
        exporter = exporter(Duration.ZERO);
        run();
        assertEquals("getMetricData:1,listMetrics:1,ssm:2,mackerel:1", run().stats().calls());
    }

    @Test
    void aFailedRunForgetsTheCacheSoAFixIsPickedUp() {
        run();
        transport.then(404, null, "{\"error\":{\"message\":\"Service not found\"}}");
        clock.advance(Duration.ofMinutes(5));
        RunResult failed = run();
        assertFalse(failed.ok());
        assertEquals("Posted 0 of 144 values to Mackerel: service 'my-service' does not exist in Mackerel (HTTP 404: "
                + "Service not found): create it in Mackerel or fix the setting mackerel-service-name (prop mackerelServiceName)", failed.failure());
        assertEquals(0, failed.stats().posted());
        clock.advance(Duration.ofMinutes(5));
        RunResult next = run();
        assertTrue(next.ok());
        assertEquals("getMetricData:1,listMetrics:1,ssm:2,mackerel:1", next.stats().calls());
    }

    @Test
    void dryRunComputesValuesWithoutReadingTheKeyOrPosting() {
        RunResult result = run(true);
        assertTrue(result.ok());
        assertTrue(result.dryRun());
        assertEquals(144, result.values().size());
        assertEquals(List.of(P), ssm.getParameterRequests.stream().map(r -> r.name()).toList(),
                "the configuration only, not the key");
        assertEquals(List.of(), transport.requests);
        assertEquals("getMetricData:1,listMetrics:1,ssm:1,mackerel:0", result.stats().calls());
        assertTrue(Summary.line(result).startsWith("cognito-mackerel-metrics run ok dryRun=true window="));
    }

    @Test
    void theKeyMustBeASecureString() {
        ssm.put(KEY_PARAMETER, ParameterType.STRING, KEY);
        RunResult result = run();
        assertFalse(result.ok());
        assertEquals("Parameter /mackerel/api-key (named by the setting mackerel-api-key-parameter (prop mackerelApiKeyParameterName)) is a "
                + "String parameter, but the API key must be encrypted: recreate it with --type SecureString (aws ssm "
                + "delete-parameter --name /mackerel/api-key, then aws ssm put-parameter --name /mackerel/api-key "
                + "--type SecureString --value <key>)", result.failure());
        assertFalse(result.failure().contains(KEY));
        assertEquals(List.of(), transport.requests);
    }

    @Test
    void aMissingKeyParameterSaysWhatToCreate() {
        ssm.remove(KEY_PARAMETER);
        assertEquals("Parameter /mackerel/api-key (named by the setting mackerel-api-key-parameter (prop mackerelApiKeyParameterName)) does "
                + "not exist: create it as a SecureString holding the Mackerel API key, or fix "
                + "the setting mackerel-api-key-parameter (prop mackerelApiKeyParameterName)", run().failure());
    }

    @Test
    void theKeyNeverAppearsInResultsSummariesOrLogs() {
        transport.then(401, null, "{\"error\":{\"message\":\"invalid key " + KEY + "\"}}");
        RunResult result = run();
        assertFalse(result.ok());
        List<String> texts = new ArrayList<>(log.lines());
        texts.add(result.failure());
        texts.add(result.toString());
        texts.add(Summary.line(result));
        texts.add(Summary.json(result));
        texts.add(String.valueOf(result.cause()));
        texts.add(new ApiKey(KEY).toString());
        for (String text : texts) {
            assertFalse(text.contains(KEY), text);
        }
        assertTrue(result.failure().contains("invalid key ****"), result.failure());
    }

    @Test
    void pagesAreFollowedAndMerged() {
        cloudWatch.metricsPageSize = 1;
        cloudWatch.pointsPerPage = 1;
        cloudWatch.successes(CognitoActivity.SIGN_IN, POOL, "webclient", null, "2026-11-23T11:50:00Z", 4, 4);
        RunResult result = run();
        assertTrue(result.ok(), result.failure());
        // 4 metrics listed one per page; the configuration and the key; 2 points, one per page
        assertEquals("getMetricData:2,listMetrics:4,ssm:2,mackerel:1", result.stats().calls());
        Map<String, Object> posted = posted();
        assertEquals(4, ((Number) posted.get("cognito.sign_in.web.success@"
                + Instant.parse("2026-11-23T11:50:00Z").getEpochSecond())).intValue());
        assertEquals(3, ((Number) posted.get("cognito.sign_in.web.success@"
                + Instant.parse("2026-11-23T12:00:00Z").getEpochSecond())).intValue());
    }

    @Test
    void configurationErrorsFailTheRunBeforeAnyOtherCall() {
        ssm.setting(P, "period-seconds", "120");
        RunResult result = run();
        assertFalse(result.ok());
        assertNull(result.window());
        assertEquals("Configuration parameter /cognito-mackerel/prod: 'period' (setting period-seconds) must be 60 or "
                + "300 seconds (Duration.minutes(1) or Duration.minutes(5)), got '120': fix it, or leave it unset for 300",
                result.failure());
        assertEquals(0, cloudWatch.calls());
        assertEquals("cognito-mackerel-metrics run failed calls=getMetricData:0,listMetrics:0,ssm:1,mackerel:0 "
                + "retries=0 durationMs=0 reason=\"" + result.failure() + "\"", Summary.line(result));
    }

    @Test
    void nothingToPostReadsNoKeyAndPostsNothing() {
        ssm.setting(P, "zero-fill", "false");
        clock.advance(Duration.ofHours(2));
        RunResult result = run();
        assertTrue(result.ok(), result.failure());
        assertEquals(0, result.values().size());
        assertEquals("getMetricData:1,listMetrics:1,ssm:1,mackerel:0", result.stats().calls());
    }

    @Test
    void aBackfillWhoseEveryPeriodIsOlderThanMackerelKeepsFailsBeforeAnyRequest() {
        for (Instant at : List.of(clock.instant().minus(Duration.ofDays(2)), Instant.EPOCH,
                Instant.parse("1969-07-20T20:17:00Z"), Instant.parse("-999999999-01-01T00:00:00Z"))) {
            RunResult result = exporter.run(P, at, clock.instant().plusSeconds(60), false, log);
            assertFalse(result.ok());
            assertTrue(result.failure().startsWith("Every period before " + at + " is older than Mackerel keeps"),
                    result.failure());
            assertTrue(result.failure().contains("give a time after 2026-11-22T12:35:10Z"), result.failure());
        }
        assertEquals(0, ssm.calls());
        assertEquals(0, cloudWatch.calls());
        assertEquals(List.of(), transport.requests);
    }

    @Test
    void aBackfillPartlyOlderThanMackerelKeepsPostsTheRestAndSaysWhatItLeftOut() {
        // Now is 12:05:10, so the oldest value posted is at 12:35:10 the day before (23 h 30 min back), aligned
        // up to 12:40: of a lookback of 1800 s before 13:00, the periods 12:30 and 12:35 are left out.
        ssm.setting(P, "lookback-seconds", "1800");
        RunResult result = exporter.run(P, Instant.parse("2026-11-22T13:00:00Z"), clock.instant().plusSeconds(60),
                false, log);
        assertTrue(result.ok(), result.failure());
        assertEquals(new Window(Instant.parse("2026-11-22T12:40:00Z"), Instant.parse("2026-11-22T13:00:00Z"), 300),
                result.window());
        assertEquals(2 * result.series(), result.leftOut());
        String line = Summary.line(result);
        assertTrue(line.contains(" leftOut=" + result.leftOut() + " "), line);
        assertTrue(line.contains("note=\"left out " + result.leftOut() + " values of 2026-11-22T12:30:00Z/"
                + "2026-11-22T12:40:00Z (2 periods): older than Mackerel keeps\""), line);
        assertTrue(posted().keySet().stream().allMatch(k -> Long.parseLong(k.substring(k.indexOf('@') + 1))
                >= Instant.parse("2026-11-22T12:40:00Z").getEpochSecond()), posted().keySet().toString());
    }

    @Test
    void debugLinesDescribeQueriesAndBatches() {
        run();
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("getMetricData call 1/1 ") && l.contains(
                "q0=SignUpSuccesses/Sum{UserPool=" + POOL + ", UserPoolClient=webclient}")), log.lines().toString());
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("mackerel batch 1/1 values=144")), log.lines().toString());
    }
}
