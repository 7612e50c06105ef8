package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.KEY_PARAMETER;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P0;
import static io.github.cognitomackerel.runtime.wire.WireFixture.T;
import static io.github.cognitomackerel.runtime.wire.WireFixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.runtime.Handler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * How a run behaves when Mackerel refuses or fails: retries where a retry can help (429, 5xx, unreachable), fails at
 * once where it cannot (401, 403, 404), says why and how many values were not posted, and heals on a later run.
 */
class MackerelFailureWireTest extends WireTest {

    private static final String TSDB_ERROR = "{\"error\":{\"message\":\"Service Unavailable\"}}";

    @Test
    void honoursRetryAfterOn429ThenPostsEverything() {
        fixture.mackerel.respondWith(429, Map.of("Retry-After", "1"),
                "{\"error\":{\"message\":\"Too Many Requests\"}}", 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        run.assertOk();
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        assertEquals(2, fixture.mackerelPosts());
        assertEquals(fixture.mackerel.requests().get(0).bodyText(), fixture.mackerel.requests().get(1).bodyText(),
                "the retry sends the same batch");
        assertTrue(run.summary().contains("mackerel:2 retries=1 "), run.summary());
        // Retry-After: 1 means at least one second between the attempts
        assertTrue(run.millis() >= 1000, "waited only " + run.millis() + " ms");
        assertTrue(run.millis() < 5000, "took " + run.millis() + " ms");
        fixture.assertNoViolations();
    }

    @Test
    void failedRunSaysHowManyValuesWereNotPostedAndTheNextRunsHealTheGap() {
        Handler handler = fixture.handler();
        // 12:00: a good run posts 11:45, 11:50, 11:55
        fixture.invoke(handler, WireFixture.eventBridgeEvent(T.minusSeconds(300))).assertOk();
        Map<String, Map<Long, Double>> afterFirst = fixture.dataValues();

        // 12:05: Mackerel answers 503 to every attempt (Retry-After 0 keeps the test fast)
        fixture.mackerel.respondWith(503, Map.of("Retry-After", "0"), TSDB_ERROR, 6);
        WireFixture.Invocation failed = fixture.invoke(handler);

        String message = failed.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: "), message);
        assertTrue(message.contains("HTTP 503: Service Unavailable"), message);
        assertTrue(message.contains("gave up after 6 attempts"), message);
        assertEquals("", failed.output());
        assertEquals(1, failed.summaries().size());
        assertTrue(failed.summaries().get(0).startsWith("cognito-mackerel-metrics run failed window="
                + "2026-11-23T11:50:00Z/2026-11-23T12:05:00Z period=300 series=48 values=144"),
                failed.summaries().get(0));
        assertTrue(failed.summaries().get(0).contains(" posted=0 "), failed.summaries().get(0));
        assertTrue(failed.logs().stream().anyMatch(l -> l.level() == LogLevel.ERROR && l.message().equals(failed.summaries().get(0))), "the summary is an ERROR line");
        assertEquals(1 + 6, fixture.mackerelPosts());
        assertEquals(afterFirst, fixture.dataValues(), "nothing of the failed run was stored");
        assertTrue(failed.millis() < 5000, "took " + failed.millis() + " ms");

        // 12:10: Mackerel is healthy again; the overlapping window re-posts 11:55 and 12:00 (and 12:05)
        fixture.invoke(handler, WireFixture.eventBridgeEvent(T.plusSeconds(300))).assertOk();

        long before = P0 - 300;
        long open = T.getEpochSecond();
        Map<String, Map<Long, Double>> expected = WireFixture.standardExpected();
        Map<String, Map<Long, Double>> edges = WireFixture.zeros("cognito", WireFixture.ACTIVITIES,
                List.of("web", "mobile", "total"), List.of(before, open));
        set(edges, "cognito.sign_in.web", before, 7, 14, 7, 0);
        set(edges, "cognito.sign_in.total", before, 7, 14, 7, 0);
        set(edges, "cognito.sign_in.web", open, 9, 9, 0, 0);
        set(edges, "cognito.sign_in.total", open, 9, 9, 0, 0);
        set(edges, "cognito.token_refresh.mobile", open, 4, 4, 0, 0);
        set(edges, "cognito.token_refresh.total", open, 4, 4, 0, 0);
        edges.forEach((name, points) -> expected.get(name).putAll(points));
        assertEquals(expected, fixture.dataValues(), "every period of the failed run is in Mackerel");

        // The failed run forgot the cached configuration, so the next run read it again
        assertEquals(4, fixture.ssm.calls("GetParameter"));
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(3, fixture.cloudWatch.calls("GetMetricData"));
        fixture.assertNoViolations();
    }

    @Test
    void stopsRetryingWhenTheNextWaitWouldPassLambdasDeadline() {
        // A warm instance (configuration cached), so the run reaches Mackerel within milliseconds
        Handler handler = fixture.handler();
        fixture.invoke(handler).assertOk();
        Map<String, Map<Long, Double>> posted = fixture.dataValues();
        fixture.mackerel.respondWith(503, Map.of("Retry-After", "1"), TSDB_ERROR, 10);

        // 5 s left, of which the handler keeps 2 s back: a retry 1 s after the first attempt, with the second a
        // retry needs to run, fits (that attempt ends well within 1 s); a second retry 1 s after it cannot
        WireFixture.Invocation run = fixture.invoke(handler, WireFixture.eventBridgeEvent(T), 5000);

        String message = run.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: Mackerel answered HTTP 503: Service"
                + " Unavailable"), message);
        assertTrue(message.contains("stopped after 2 attempts"), message);
        assertTrue(message.contains("deadline"), message);
        assertTrue(run.millis() >= 1000 && run.millis() < 3000, "took " + run.millis() + " ms");
        assertEquals(1 + 2, fixture.mackerelPosts());
        assertEquals(posted, fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void unreachableMackerelIsRetriedUntilTheDeadlineAndNamed() {
        Handler handler = fixture.handler();
        fixture.invoke(handler).assertOk();
        int before = fixture.mackerelPosts();
        fixture.mackerel.close(); // its port now refuses connections

        WireFixture.Invocation run = fixture.invoke(handler, WireFixture.eventBridgeEvent(T), 3500);

        String message = run.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: could not reach Mackerel at 127.0.0.1"),
                message);
        assertTrue(message.contains("deadline"), message);
        assertTrue(run.millis() < 3000, "took " + run.millis() + " ms");
        assertEquals(before, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void forbiddenFailsAtOnceAndAsksForAKeyWithWritePermission() {
        fixture.mackerel.respondWith(403, Map.of(), "{\"error\":{\"message\":\"Forbidden\"}}", 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: "), message);
        assertTrue(message.contains("HTTP 403: Forbidden"), message);
        assertTrue(message.contains("Write permission"), message);
        assertTrue(message.contains(KEY_PARAMETER), message);
        assertEquals(1, fixture.mackerelPosts(), "no retry");
        assertTrue(run.millis() < 2000, "took " + run.millis() + " ms");
        assertTrue(run.summaries().get(0).contains("mackerel:1 retries=0 "), run.summaries().get(0));
        fixture.assertNoViolations();
    }

    @Test
    void unknownServiceFailsAtOnceAndNamesTheServiceParameter() {
        fixture.put("mackerel-service-name", "no-such-service");

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("service 'no-such-service' does not exist in Mackerel (HTTP 404"), message);
        assertTrue(message.contains("the setting mackerel-service-name (prop mackerelServiceName)"), message);
        assertEquals(1, fixture.mackerelPosts(), "no retry");
        // The fake records the unknown service as an invalid request; that is the only one
        assertEquals(1, fixture.mackerel.violations().size(), fixture.mackerel.violations()::toString);
        assertTrue(fixture.mackerel.violations().get(0).contains("Service not found"));
        assertEquals(List.of(), fixture.ssm.violations());
        assertEquals(List.of(), fixture.cloudWatch.violations());
    }

    @Test
    void rejectedKeyFailsAtOnceAndNamesTheKeyParameter() {
        fixture.storeApiKey("mkrWRONGkey0000aaaabbbbccccdddd", ParameterType.SECURE_STRING);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("Mackerel rejected the API key (HTTP 401"), message);
        assertTrue(message.contains(KEY_PARAMETER), message);
        assertEquals(1, fixture.mackerelPosts(), "no retry");
        assertEquals(1, fixture.mackerel.violations().size(), fixture.mackerel.violations()::toString);
        assertTrue(fixture.mackerel.violations().get(0).contains("Authentication failed"));
        assertEquals(List.of(), fixture.ssm.violations());
        assertEquals(List.of(), fixture.cloudWatch.violations());
        assertEquals(2, fixture.ssm.calls("GetParameter"), "the configuration and the key");
        assertEquals(Map.of(), fixture.dataValues());
    }
}
