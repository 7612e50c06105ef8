package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.MOBILE;
import static io.github.cognitomackerel.runtime.wire.WireFixture.WEB;
import static io.github.cognitomackerel.runtime.wire.WireFixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A day of scheduled runs against the fakes, on a clock the test moves: outages of Mackerel are caught up from the
 * progress recorded in the SSM parameter, as far as Mackerel keeps values, across cold starts and deadlines.
 */
class CatchUpWireTest extends WireTest {

    /** The progress parameter, as the construct makes it (a generated name, no path). */
    private static final String PROGRESS = "CFN-ProgressParameter-Ab12Cd34Ef56";
    /** The first scheduled run of each scenario. */
    private static final Instant B = Instant.parse("2026-11-23T08:00:00Z");
    private static final String UNAVAILABLE = "{\"error\":{\"message\":\"Service Unavailable\"}}";

    private MovableClock clock;
    private Map<String, String> environment;

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    @BeforeEach
    void progressParameter() {
        clock = new MovableClock(B);
        fixture.mackerel.setClock(clock);
        fixture.ssm.putParameter(PROGRESS, "none");
        environment = fixture.environment();
        environment.put("COGNITO_MACKEREL_PROGRESS_PARAMETER", PROGRESS);
    }

    @Test
    void aTwoHourOutageIsDeliveredByTheNextRunExactlyOnceAcrossAColdStart() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(3)));
        Handler handler = new Handler(environment, clock);
        scheduled(handler, B).assertOk();
        assertEquals("2026-11-23T08:00:00Z", fixture.ssm.value(PROGRESS));

        // 08:05 to 10:00: every run fails (Mackerel answers 503 to all six attempts); at 09:00 a new instance starts
        for (Instant t = B.plus(Duration.ofMinutes(5)); !t.isAfter(B.plus(Duration.ofHours(2)));
                t = t.plus(Duration.ofMinutes(5))) {
            if (t.equals(B.plus(Duration.ofHours(1)))) {
                handler = new Handler(environment, clock);
            }
            fixture.mackerel.respondWith(503, Map.of("Retry-After", "0"), UNAVAILABLE, 6);
            String message = scheduled(handler, t).assertFailed();
            assertTrue(message.contains("HTTP 503"), message);
        }
        assertEquals("2026-11-23T08:00:00Z", fixture.ssm.value(PROGRESS), "failed runs record nothing");
        assertEquals(Map.of(), fixture.exporterValues().entrySet().stream()
                .filter(e -> e.getValue().keySet().stream().anyMatch(p -> p > B.getEpochSecond()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "no heartbeat from a failed run");

        // 10:05: Mackerel is back; the run covers 07:45 (the recorded 08:00 less the lookback) to 10:05
        WireFixture.Invocation back = scheduled(handler, B.plus(Duration.ofMinutes(125)));
        back.assertOk();
        String summary = back.summary();
        assertTrue(summary.contains(" window=2026-11-23T07:45:00Z/2026-11-23T10:05:00Z period=300 series=48 "
                + "values=1344 "), summary);
        assertTrue(summary.contains(" progress=2026-11-23T10:05:00Z "), summary);
        assertEquals("2026-11-23T10:05:00Z", fixture.ssm.value(PROGRESS));
        // 10:10: back to the lookback; the progress moves 5 minutes, less than the write interval: not written
        WireFixture.Invocation next = scheduled(handler, B.plus(Duration.ofMinutes(130)));
        assertTrue(next.summary().contains(" window=2026-11-23T09:55:00Z/2026-11-23T10:10:00Z "), next.summary());
        assertFalse(next.summary().contains(" progress="), next.summary());
        assertEquals("2026-11-23T10:05:00Z", fixture.ssm.value(PROGRESS));

        Map<String, Map<Long, Double>> truth = truth(B.minus(Duration.ofMinutes(15)), B.plus(Duration.ofMinutes(130)));
        assertEquals(truth, fixture.dataValues(), "every value of the outage, once per name and period, as it was");
        assertEveryPostedValueIsTheTruth(truth);
        assertEquals(0, fixture.mackerel.droppedCount());
        // The heartbeat of the catch-up run: 1344 values posted, the newest period ending 5 s before now
        long beat = B.plus(Duration.ofMinutes(120)).getEpochSecond();
        assertEquals(1.0, fixture.exporterValues().get("cognito.exporter.heartbeat").get(beat));
        assertEquals(1344.0, fixture.exporterValues().get("cognito.exporter.posted").get(beat));
        // A warm instance reads the progress only once (cold starts at 08:00 and 09:00, and after each failure)
        // and writes it when it moves an hour or more past the value written: 08:00 (over "none"), 10:05
        assertEquals(2, fixture.ssm.calls("PutParameter"));
        fixture.assertNoViolations();
    }

    @Test
    void whileRunsKeepUpTheProgressIsWrittenHourlyAndAColdStartDeliversAgainFromIt() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(3)));
        Handler handler = new Handler(environment, clock);
        // 08:00 to 09:50, every 5 minutes: the first run writes over "none", the run at 09:00 an hour later
        List<String> progressFields = new ArrayList<>();
        for (int minutes = 0; minutes <= 110; minutes += 5) {
            WireFixture.Invocation run = scheduled(handler, at(minutes));
            run.assertOk();
            Matcher progress = Pattern.compile(" progress=(\\S+) ").matcher(run.summary());
            if (progress.find()) {
                progressFields.add(minutes + ":" + progress.group(1));
            }
        }
        assertEquals(List.of("0:2026-11-23T08:00:00Z", "60:2026-11-23T09:00:00Z"), progressFields);
        assertEquals(2, fixture.ssm.calls("PutParameter"));
        assertEquals("2026-11-23T09:00:00Z", fixture.ssm.value(PROGRESS));
        assertEquals(1, progressReads(0), "the progress is read once");

        // 09:55: a new instance (the last one delivered up to 09:50) delivers again from 08:45 (the written 09:00
        // less the lookback): the same values a second time, nothing lost
        Handler cold = new Handler(environment, clock);
        WireFixture.Invocation run = scheduled(cold, at(115));
        run.assertOk();
        assertTrue(run.summary().contains(" window=2026-11-23T08:45:00Z/2026-11-23T09:55:00Z "), run.summary());
        assertFalse(run.summary().contains("could not deliver"), run.summary());
        assertEquals(truth(B.minus(Duration.ofMinutes(15)), at(115)), fixture.dataValues());
        assertEveryPostedValueIsTheTruth(truth(B.minus(Duration.ofMinutes(15)), at(115)));
        assertEquals(2, fixture.ssm.calls("PutParameter"), "55 minutes past the value written: not yet");
        fixture.assertNoViolations();
    }

    @Test
    void aFailedRunWritesWhatEarlierRunsDeliveredBeforeItForgetsIt() {
        Handler handler = deliveredTo0825WithProgress0800();

        // 08:30: Mackerel refuses the key; the run posts nothing, and writes the 08:25 the runs before it delivered
        fixture.mackerel.failAlways(401);
        WireFixture.Invocation failed = scheduled(handler, at(30));
        assertTrue(failed.assertFailed().contains("Mackerel rejected the API key (HTTP 401"));
        assertEquals("2026-11-23T08:25:00Z", fixture.ssm.value(PROGRESS));
        assertTrue(failed.summary().contains(" progress=2026-11-23T08:25:00Z "), failed.summary());
        // 08:35: still refused: nothing new to write
        scheduled(handler, at(35)).assertFailed();
        assertEquals(2, fixture.ssm.calls("PutParameter"));

        // 08:40: Mackerel is back; the run reads the progress again (08:25): its lookback covers what was missed
        fixture.mackerel.reset();
        int before = fixture.ssm.requests().size();
        WireFixture.Invocation back = scheduled(handler, at(40));
        back.assertOk();
        assertTrue(back.summary().contains(" window=2026-11-23T08:25:00Z/2026-11-23T08:40:00Z "), back.summary());
        assertEquals(1, progressReads(before), "the progress is read again");
        assertEquals("GetParameters", fixture.ssm.requests().get(before).operation(), "with the configuration");
        assertEquals(truth(B.minus(Duration.ofMinutes(15)), at(40)), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void aFailedBackfillStillWritesWhatTheScheduledRunsDeliveredAndReportsNoProgress() {
        Handler handler = deliveredTo0825WithProgress0800();

        // 08:27: a manual backfill on the same instance fails; the instance forgets what it remembered, so it writes
        // the 08:25 the scheduled runs delivered first (a backfill's own posts never move the progress)
        fixture.mackerel.failAlways(401);
        clock.set(at(27));
        WireFixture.Invocation failed = fixture.invoke(handler, WireFixture.atEvent(at(20)));
        assertTrue(failed.assertFailed().contains("Mackerel rejected the API key (HTTP 401"));
        assertEquals("2026-11-23T08:25:00Z", fixture.ssm.value(PROGRESS));
        assertFalse(failed.summary().contains(" progress="), failed.summary());
        fixture.assertNoViolations();
    }

    @Test
    void aThirtyHourOutageDeliversWhatMackerelStillKeepsAndSaysWhatItCouldNot() {
        Instant back = B.plus(Duration.ofHours(30)).plus(Duration.ofMinutes(5));
        seed(B.minus(Duration.ofHours(1)), back.plus(Duration.ofHours(1)));
        Handler handler = new Handler(environment, clock);
        scheduled(handler, B).assertOk();

        // A revoked key until the next afternoon: runs fail at once (one every 3 hours here, to keep the test
        // short: each reads the whole reachable day); a cold start half way
        fixture.mackerel.failAlways(401);
        for (int hour = 3; hour <= 30; hour += 3) {
            if (hour == 15) {
                handler = new Handler(environment, clock);
            }
            assertTrue(scheduled(handler, B.plus(Duration.ofHours(hour))).assertFailed()
                    .contains("Mackerel rejected the API key (HTTP 401"));
        }
        fixture.mackerel.reset();

        WireFixture.Invocation run = scheduled(handler, back);

        run.assertOk();
        // Now is 14:05:05 the next day: a catch-up reaches back 23 h 30 min, to 14:35:05 today, i.e. 14:40
        Instant floor = Instant.parse("2026-11-23T14:40:00Z");
        String summary = run.summary();
        assertTrue(summary.contains(" window=2026-11-23T14:40:00Z/2026-11-24T14:05:00Z "), summary);
        assertTrue(summary.contains("note=\"could not deliver 2026-11-23T08:00:00Z/2026-11-23T14:40:00Z (80 periods):"
                + " older than a catch-up reaches (23 h 30 min, setting catch-up-max-age-seconds; Mackerel keeps 24 h)"
                + "\""), summary);
        Map<String, Map<Long, Double>> truth = truth(B.minus(Duration.ofMinutes(15)), B);
        merge(truth, truth(floor, back));
        assertEquals(truth, fixture.dataValues());
        assertEquals(0, fixture.mackerel.droppedCount(), "nothing was posted that Mackerel drops");
        assertEquals(back.toString(), fixture.ssm.value(PROGRESS));
        // 281 periods of 48 series in one GetMetricData call (24 queries x 281 periods < 100,800 data points)
        List<RecordedRequest> reads = fixture.cloudWatch.requests("GetMetricData");
        assertEquals(floor, reads.get(reads.size() - 1).decodedObject().get("StartTime"));
        assertEquals(back, reads.get(reads.size() - 1).decodedObject().get("EndTime"));
        fixture.assertNoViolations();
    }

    @Test
    void aCatchUpCutShortByTheDeadlineIsContinuedByTheNextRun() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(3)));
        fixture.put("mackerel-batch-size", "100");
        Handler handler = new Handler(environment, clock);
        scheduled(handler, B).assertOk();
        fixture.mackerel.failAlways(401);
        for (Instant t = B.plus(Duration.ofMinutes(30)); !t.isAfter(B.plus(Duration.ofHours(2)));
                t = t.plus(Duration.ofMinutes(30))) {
            scheduled(handler, t).assertFailed();
        }
        fixture.mackerel.reset();

        // 10:05: a slow Mackerel (300 ms a request) and 5 s of Lambda time: 3 s to the handler's deadline, of
        // which the last second is kept to record the progress; 1344 values in batches of 100 need far longer
        fixture.mackerel.setLatency(Duration.ofMillis(300));
        clock.set(at(125).plusSeconds(5));
        WireFixture.Invocation cut = fixture.invoke(handler, WireFixture.eventBridgeEvent(at(125)), 5000);

        cut.assertOk();
        String summary = cut.summary();
        Matcher caught = Pattern.compile(" progress=(\\S+) caughtUpTo=(\\S+) ").matcher(summary);
        assertTrue(caught.find(), summary);
        assertEquals(caught.group(1), caught.group(2));
        Instant stopped = Instant.parse(caught.group(1));
        assertTrue(stopped.isAfter(B.minus(Duration.ofMinutes(15))) && stopped.isBefore(at(125)), summary);
        assertTrue(summary.contains("caught up to " + stopped + " of 2026-11-23T10:05:00Z before the deadline; the "
                + "next run continues there"), summary);
        assertEquals(stopped.toString(), fixture.ssm.value(PROGRESS));
        assertTrue(cut.millis() < 5000, "took " + cut.millis() + " ms");
        // Its heartbeat tells how far behind it is
        long beat = at(120).getEpochSecond();
        double lag = fixture.exporterValues().get("cognito.exporter.lag_seconds").get(beat);
        assertTrue(lag >= Duration.between(stopped, at(125)).getSeconds(), "lag " + lag);

        // 10:10: Mackerel is fast again; the run continues from where the last one stopped (less the lookback)
        fixture.mackerel.setLatency(Duration.ZERO);
        int readsBefore = fixture.cloudWatch.calls("GetMetricData");
        WireFixture.Invocation next = scheduled(handler, at(130));
        next.assertOk();
        assertTrue(next.summary().contains(" window=" + stopped.minus(Duration.ofMinutes(15)) + "/2026-11-23T10:10:00Z "),
                next.summary());
        assertEquals(readsBefore + 1, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(truth(B.minus(Duration.ofMinutes(15)), at(130)), fixture.dataValues());
        assertEquals("2026-11-23T10:10:00Z", fixture.ssm.value(PROGRESS));
        fixture.assertNoViolations();
    }

    @Test
    void aManualBackfillNeverMovesTheProgressAndPostsNoHeartbeat() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(1)));
        Handler handler = new Handler(environment, clock);
        scheduled(handler, B).assertOk();
        long version = fixture.ssm.version(PROGRESS);
        clock.set(B.plus(Duration.ofMinutes(5)));

        fixture.invoke(handler, WireFixture.atEvent(B.minus(Duration.ofMinutes(30)))).assertOk();

        assertEquals("2026-11-23T08:00:00Z", fixture.ssm.value(PROGRESS));
        assertEquals(version, fixture.ssm.version(PROGRESS));
        assertEquals(1, fixture.exporterValues().get("cognito.exporter.heartbeat").size(), "the scheduled run's only");
        fixture.assertNoViolations();
    }

    @Test
    void aProgressParameterThatCannotBeUsedFailsTheRunAfterPostingTheLatestWindow() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(1)));
        fixture.ssm.putParameter(PROGRESS, "yesterday");

        WireFixture.Invocation run = scheduled(new Handler(environment, clock), B);

        String message = run.assertFailed();
        assertTrue(message.startsWith("The progress parameter " + PROGRESS + " must hold an ISO-8601 instant like "
                + "2026-11-23T12:05:00Z or 'none', got 'yesterday': put 'none' in it"), message);
        assertTrue(message.endsWith("(this run posted the latest 3 periods only and recorded nothing)"), message);
        assertEquals(truth(B.minus(Duration.ofMinutes(15)), B), fixture.dataValues());
        assertEquals("yesterday", fixture.ssm.value(PROGRESS));

        fixture.ssm.deleteParameter(PROGRESS);
        message = scheduled(new Handler(environment, clock), B.plus(Duration.ofMinutes(5))).assertFailed();
        assertTrue(message.startsWith("The progress parameter " + PROGRESS + " does not exist: redeploy the stack"),
                message);
    }

    @Test
    void aColdStartReadsTheConfigurationAndTheProgressInOneCallAndAWarmRunReadsNothing() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(1)));
        Handler handler = new Handler(environment, clock);

        WireFixture.Invocation cold = scheduled(handler, B);

        cold.assertOk();
        List<RecordedRequest> ssm = fixture.ssm.requests();
        assertEquals(List.of("GetParameters", "GetParameter", "PutParameter"),
                ssm.stream().map(RecordedRequest::operation).toList(),
                "one read of both, then the key, then the write");
        assertEquals(Map.of("Names", List.of(WireFixture.CONFIG_PARAMETER, PROGRESS), "WithDecryption", false),
                ssm.get(0).decodedObject());
        assertEquals(Map.of("Name", WireFixture.KEY_PARAMETER, "WithDecryption", true), ssm.get(1).decodedObject());
        assertTrue(cold.summary().contains(",ssm:3,"), cold.summary());

        WireFixture.Invocation warm = scheduled(handler, at(5));
        warm.assertOk();
        assertEquals(3, fixture.ssm.requests().size(), "a warm run reads no parameter");
        assertTrue(warm.summary().contains(" calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:1 "), warm.summary());
        fixture.assertNoViolations();
    }

    @Test
    void whenSsmRefusesTheCombinedReadEachParameterIsReadAloneAndTheRunStillDelivers() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(1)));
        // e.g. a permission boundary that allows ssm:GetParameter but not ssm:GetParameters
        fixture.ssm.failNext("GetParameters", 400, "AccessDeniedException", "User: arn:aws:sts::123456789012:"
                + "assumed-role/fn is not authorized to perform: ssm:GetParameters with an explicit deny");

        WireFixture.Invocation run = scheduled(new Handler(environment, clock), B);

        run.assertOk();
        List<RecordedRequest> ssm = fixture.ssm.requests();
        assertEquals(List.of("GetParameters", "GetParameter", "GetParameter", "GetParameter", "PutParameter"),
                ssm.stream().map(RecordedRequest::operation).toList());
        assertEquals(List.of(WireFixture.CONFIG_PARAMETER, PROGRESS, WireFixture.KEY_PARAMETER),
                ssm.subList(1, 4).stream().map(r -> r.decodedObject().get("Name")).toList());
        assertEquals(truth(B.minus(Duration.ofMinutes(15)), B), fixture.dataValues());
        assertEquals("2026-11-23T08:00:00Z", fixture.ssm.value(PROGRESS));
        assertTrue(run.summary().contains(",ssm:5,"), run.summary());
        assertTrue(run.summary().contains(" note=\"Could not read the configuration parameter "
                + WireFixture.CONFIG_PARAMETER + " and the progress parameter " + PROGRESS + " (one GetParameters "
                + "call): User: arn:aws:sts::123456789012:assumed-role/fn is not authorized to perform: "
                + "ssm:GetParameters with an explicit deny"), run.summary());
        assertTrue(run.summary().contains("; read them one by one instead (allow ssm:GetParameters on both, as the "
                + "construct's role does)"), run.summary());
        fixture.assertNoViolations();
    }

    @Test
    void aColdInstanceWhoseFirstRunIsABackfillReadsTheProgressAloneAtItsFirstScheduledRun() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(1)));
        Handler handler = new Handler(environment, clock);
        clock.set(at(2));
        fixture.invoke(handler, WireFixture.atEvent(B)).assertOk();

        scheduled(handler, at(5)).assertOk();

        // The backfill read the configuration alone (it records no progress); the scheduled run finds it cached
        List<RecordedRequest> ssm = fixture.ssm.requests();
        assertEquals(List.of("GetParameter", "GetParameter", "GetParameter", "PutParameter"),
                ssm.stream().map(RecordedRequest::operation).toList());
        assertEquals(List.of(WireFixture.CONFIG_PARAMETER, WireFixture.KEY_PARAMETER, PROGRESS),
                ssm.subList(0, 3).stream().map(r -> r.decodedObject().get("Name")).toList());
        assertEquals("2026-11-23T08:05:00Z", fixture.ssm.value(PROGRESS));
        fixture.assertNoViolations();
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** How many SSM requests from the {@code from}-th on read the progress parameter, alone or with others. */
    private long progressReads(int from) {
        List<RecordedRequest> requests = fixture.ssm.requests();
        return requests.subList(from, requests.size()).stream()
                .filter(r -> PROGRESS.equals(r.decodedObject().get("Name"))
                        || (r.decodedObject().get("Names") instanceof List<?> names && names.contains(PROGRESS)))
                .filter(r -> !"PutParameter".equals(r.operation()))
                .count();
    }

    /** A warm instance whose runs at 08:00 to 08:25 delivered to 08:25; the parameter holds 08:00 (written first). */
    private Handler deliveredTo0825WithProgress0800() {
        seed(B.minus(Duration.ofHours(1)), B.plus(Duration.ofHours(3)));
        Handler handler = new Handler(environment, clock);
        for (int minutes = 0; minutes <= 25; minutes += 5) {
            scheduled(handler, at(minutes)).assertOk();
        }
        assertEquals("2026-11-23T08:00:00Z", fixture.ssm.value(PROGRESS));
        return handler;
    }

    private static Instant at(int minutesAfterB) {
        return B.plus(Duration.ofMinutes(minutesAfterB));
    }

    /** A scheduled run at {@code t}, invoked 5 s after it with 60 s of Lambda time. */
    private WireFixture.Invocation scheduled(Handler handler, Instant t) {
        clock.set(t.plusSeconds(5));
        return fixture.invoke(handler, WireFixture.eventBridgeEvent(t), 60_000);
    }

    /** Cognito activity in every period of [from, to): web sign-ins and mobile token refreshes that vary. */
    private void seed(Instant from, Instant to) {
        for (long p = from.getEpochSecond(); p < to.getEpochSecond(); p += 300) {
            long n = p / 300;
            if (n % 5 != 0 || n % 3 == 0) {
                fixture.attempts("SignIn", WEB, p + 30, (int) (n % 5), n % 3 == 0 ? 1 : 0);
            }
            fixture.attempts("TokenRefresh", MOBILE, p + 200, (int) (1 + n % 4), 0);
        }
    }

    /** What Mackerel must hold for [from, to) of {@link #seed}. */
    private static Map<String, Map<Long, Double>> truth(Instant from, Instant to) {
        List<Long> periods = new ArrayList<>();
        for (long p = from.getEpochSecond(); p < to.getEpochSecond(); p += 300) {
            periods.add(p);
        }
        Map<String, Map<Long, Double>> truth = WireFixture.zeros("cognito", WireFixture.ACTIVITIES,
                List.of("web", "mobile", "total"), periods);
        for (long p : periods) {
            long n = p / 300;
            int successes = (int) (n % 5);
            int failures = n % 3 == 0 ? 1 : 0;
            set(truth, "cognito.sign_in.web", p, successes, successes + failures, failures, 0);
            set(truth, "cognito.sign_in.total", p, successes, successes + failures, failures, 0);
            int refreshes = (int) (1 + n % 4);
            set(truth, "cognito.token_refresh.mobile", p, refreshes, refreshes, 0, 0);
            set(truth, "cognito.token_refresh.total", p, refreshes, refreshes, 0, 0);
        }
        return truth;
    }

    private static void merge(Map<String, Map<Long, Double>> into, Map<String, Map<Long, Double>> more) {
        more.forEach((name, points) -> into.computeIfAbsent(name, n -> new TreeMap<>()).putAll(points));
    }

    /** Every value any request carried for a Cognito series is the truth (a re-post never changes a value). */
    private void assertEveryPostedValueIsTheTruth(Map<String, Map<Long, Double>> truth) {
        Map<String, Integer> checked = new HashMap<>();
        for (RecordedRequest request : fixture.mackerel.requests()) {
            for (Object item : (List<?>) request.decodedBody()) {
                Map<?, ?> value = (Map<?, ?>) item;
                String name = (String) value.get("name");
                if (WireFixture.isExporterSeries(name)) {
                    continue;
                }
                Double expected = truth.getOrDefault(name, Map.of()).get(((Number) value.get("time")).longValue());
                assertNotNull(expected, () -> "posted outside the scenario: " + value);
                assertEquals(expected, ((Number) value.get("value")).doubleValue(), value::toString);
                checked.merge(name, 1, Integer::sum);
            }
        }
        assertFalse(checked.isEmpty());
    }
}
