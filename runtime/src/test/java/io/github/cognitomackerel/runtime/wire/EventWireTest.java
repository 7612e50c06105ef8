package io.github.cognitomackerel.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the handler takes T from: an EventBridge rule's {@code time}, EventBridge Scheduler's
 * {@code scheduled-time}, a manual {@code at}, or now; and a clear error for a bad time.
 */
class EventWireTest extends WireTest {

    private Handler handler;

    @BeforeEach
    void createHandler() {
        handler = fixture.handler();
    }

    @Test
    void eachRecognisedFieldGivesTheWindowBeforeIt() {
        assertWindow(WireFixture.eventBridgeEvent(Instant.parse("2026-11-23T12:05:00Z")),
                "2026-11-23T11:50:00Z", "2026-11-23T12:05:00Z");
        assertWindow("{\"scheduled-time\":\"2026-11-23T12:10:00Z\"}",
                "2026-11-23T11:55:00Z", "2026-11-23T12:10:00Z");
        // not on a period boundary: the period that holds T is still filling up and is left out
        assertWindow("{\"at\":\"2026-11-23T12:07:30Z\"}", "2026-11-23T11:50:00Z", "2026-11-23T12:05:00Z");
        assertWindow("{\"at\":\"2026-11-23T21:00:00+09:00\"}", "2026-11-23T11:45:00Z", "2026-11-23T12:00:00Z");
        // "at" (a deliberate backfill) wins over the rule's own time
        assertWindow("{\"at\":\"2026-11-23T12:00:00Z\",\"time\":\"2026-11-23T12:10:00Z\"}",
                "2026-11-23T11:45:00Z", "2026-11-23T12:00:00Z");
        assertEquals(5, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(5, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void eventWithoutTimeExportsThePeriodsBeforeNow() {
        long before = fixture.clock().instant().getEpochSecond();

        String output = fixture.invoke(handler, "{}").assertOk();

        long after = fixture.clock().instant().getEpochSecond();
        // (a period boundary may pass during the run)
        Set<String> ends = new HashSet<>(List.of(Instant.ofEpochSecond(before - before % 300).toString(),
                Instant.ofEpochSecond(after - after % 300).toString()));
        Map<String, Object> data = lastGetMetricData();
        assertTrue(ends.contains(data.get("EndTime").toString()), data.get("EndTime") + " not in " + ends);
        assertTrue(output.contains("\"windowEnd\":\"" + data.get("EndTime") + "\""), output);
        // the lookback, and as a cold start over a listing with throttles: 10 + 15 minutes more (NewSeriesWireTest)
        assertEquals(((Instant) data.get("EndTime")).minusSeconds(900 + 600 + 900), data.get("StartTime"));
        // 144 values and the three heartbeat series of a run for now
        assertEquals(147, ((List<?>) fixture.mackerel.requests().get(0).decodedBody()).size());
        fixture.assertNoViolations();
    }

    @Test
    void backfillOlderThanMackerelKeepsFailsBeforeAnyRequest() {
        for (Instant at : List.of(fixture.clock().instant().minus(Duration.ofDays(2)), Instant.EPOCH,
                Instant.parse("1900-01-01T00:00:00Z"))) {
            String message = fixture.invoke(handler, WireFixture.atEvent(at)).assertFailed();

            assertTrue(message.startsWith("Every period before " + at + " is older than Mackerel keeps (it drops "
                    + "values older than 24 hours; this exporter posts none older than 23 h 30 min): nothing was "
                    + "posted; give a time after 2026-11-22T12:"), message);
        }
        assertEquals(List.of(), fixture.ssm.requests());
        assertEquals(List.of(), fixture.cloudWatch.requests());
        assertEquals(List.of(), fixture.mackerel.requests());
        assertEquals(0, fixture.mackerel.droppedCount());
    }

    @Test
    void backfillPartlyOlderThanMackerelKeepsPostsTheRestAndSaysHowManyItLeftOut() {
        // A lookback of 4 h before 16:05 the previous day: with now about 12:06, Mackerel keeps (less the margin)
        // from about 12:36, so the periods before 12:40 are left out
        fixture.put("lookback-seconds", "14400");
        Instant at = WireFixture.T.minus(Duration.ofHours(20));

        WireFixture.Invocation run = fixture.invoke(handler, WireFixture.atEvent(at));

        run.assertOk();
        String summary = run.summary();
        assertTrue(summary.contains(" window=2026-11-22T12:40:00Z/2026-11-22T16:05:00Z "), summary);
        // 12:05 to 12:35 (7 periods) of 48 series
        assertTrue(summary.contains(" leftOut=336 "), summary);
        assertTrue(summary.contains("note=\"left out 336 values of 2026-11-22T12:05:00Z/2026-11-22T12:40:00Z (7 "
                + "periods): older than Mackerel keeps\""), summary);
        long oldest = fixture.dataValues().values().stream().flatMap(m -> m.keySet().stream())
                .mapToLong(Long::longValue).min().orElseThrow();
        assertEquals(Instant.parse("2026-11-22T12:40:00Z").getEpochSecond(), oldest);
        assertEquals(0, fixture.mackerel.droppedCount(), "nothing posted that Mackerel drops");
        assertEquals(Map.of(), fixture.exporterValues(), "a backfill posts no heartbeat");
        fixture.assertNoViolations();
    }

    @Test
    void badTimeIsAClearErrorNamingTheFieldBeforeAnyCall() {
        String message = fixture.invoke(handler, "{\"time\":\"yesterday\"}").assertFailed();
        assertTrue(message.contains("Event field 'time' must be an ISO-8601 instant like 2026-11-23T12:05:00Z,"
                + " got 'yesterday'"), message);

        message = fixture.invoke(handler, "{\"scheduled-time\":1763899500}").assertFailed();
        assertTrue(message.contains("Event field 'scheduled-time' must be an ISO-8601 instant"), message);
        assertTrue(message.contains("1763899500"), message);

        message = fixture.invoke(handler, "{\"at\":\"2026-11-23 12:05\"}").assertFailed();
        assertTrue(message.contains("Event field 'at'"), message);

        message = fixture.invoke(handler, "not json").assertFailed();
        assertTrue(message.contains("The event is not valid JSON"), message);

        assertEquals(List.of(), fixture.ssm.requests());
        assertEquals(List.of(), fixture.cloudWatch.requests());
        assertEquals(List.of(), fixture.mackerel.requests());
    }

    private void assertWindow(String event, String start, String end) {
        String output = fixture.invoke(handler, event).assertOk();
        assertTrue(output.contains("\"windowStart\":\"" + start + "\",\"windowEnd\":\"" + end + "\""),
                event + " -> " + output);
        Map<String, Object> data = lastGetMetricData();
        // (a cold start also reads back the periods of series listed for the first time: NewSeriesWireTest)
        assertTrue(!((Instant) data.get("StartTime")).isAfter(Instant.parse(start)), event);
        assertEquals(Instant.parse(end), data.get("EndTime"), event);
        List<RecordedRequest> posts = fixture.mackerel.requests();
        long firstPeriod = Instant.parse(start).getEpochSecond();
        long lastPeriod = Instant.parse(end).getEpochSecond() - 300;
        List<?> values = (List<?>) posts.get(posts.size() - 1).decodedBody();
        assertEquals(Set.of(firstPeriod, firstPeriod + 300, lastPeriod),
                Set.copyOf(values.stream().map(v -> ((Map<?, ?>) v).get("time")).toList()), event);
    }

    private Map<String, Object> lastGetMetricData() {
        List<RecordedRequest> calls = fixture.cloudWatch.requests("GetMetricData");
        return calls.get(calls.size() - 1).decodedObject();
    }
}
