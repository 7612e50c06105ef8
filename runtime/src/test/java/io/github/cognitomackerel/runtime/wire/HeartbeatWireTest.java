package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.P2;
import static io.github.cognitomackerel.runtime.wire.WireFixture.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exporter's own series: posted by every successful scheduled run, absent when the run fails, off by setting.
 */
class HeartbeatWireTest extends WireTest {

    @Test
    void aSuccessfulRunPostsHeartbeatPostedAndLagAtItsNewestPeriod() {
        long before = fixture.clock().instant().getEpochSecond();

        fixture.invoke(fixture.handler()).assertOk();

        long after = fixture.clock().instant().getEpochSecond();
        Map<String, Map<Long, Double>> beats = fixture.exporterValues();
        assertEquals(List.of("cognito.exporter.heartbeat", "cognito.exporter.lag_seconds", "cognito.exporter.posted"),
                List.copyOf(beats.keySet()));
        assertEquals(Map.of(P2, 1.0), beats.get("cognito.exporter.heartbeat"));
        assertEquals(Map.of(P2, 144.0), beats.get("cognito.exporter.posted"));
        // now (about 12:06) less the end of the newest posted period (12:05)
        double lag = beats.get("cognito.exporter.lag_seconds").get(P2);
        assertTrue(lag >= before - T.getEpochSecond() && lag <= after - T.getEpochSecond(), "lag " + lag);
        assertEquals(1, fixture.mackerelPosts(), "the heartbeat rides in the last batch");
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void aFailedRunPostsNoHeartbeat() {
        fixture.mackerel.respondWith(503, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"down\"}}", 6);

        fixture.invoke(fixture.handler()).assertFailed();

        assertEquals(Map.of(), fixture.mackerel.values());
        // the failed attempts carried it; none was accepted
        assertEquals(6, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void aFailureAfterTheValuesPostsNoHeartbeatEither() {
        // 100 values a batch: the second (the last, which carries the heartbeat) is refused
        fixture.put("mackerel-batch-size", "100");
        fixture.mackerel.respondWith(200, Map.of(), "{\"success\":true}", 1);
        fixture.mackerel.respondWith(403, Map.of(), "{\"error\":{\"message\":\"Forbidden\"}}", 1);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.startsWith("Posted 100 of 144 values to Mackerel: "), message);
        assertEquals(Map.of(), fixture.exporterValues());
    }

    @Test
    void switchedOffNoExporterSeriesArePosted() {
        fixture.put("heartbeat", "false");

        fixture.invoke(fixture.handler()).assertOk();
        fixture.invoke(fixture.handler(), WireFixture.eventBridgeEvent(T.plus(Duration.ofMinutes(5)))).assertOk();

        assertEquals(Map.of(), fixture.exporterValues());
        assertEquals(144, ((List<?>) fixture.mackerel.requests().get(0).decodedBody()).size());
        fixture.assertNoViolations();
    }

    @Test
    void aBadSettingNamesTheParameterAndTheFix() {
        fixture.put("heartbeat", "yes");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("'heartbeat' (setting heartbeat) must be true or false, got 'yes'"), message);
    }
}
