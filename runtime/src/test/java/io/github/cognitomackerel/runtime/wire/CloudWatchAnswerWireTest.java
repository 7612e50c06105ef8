package io.github.cognitomackerel.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.runtime.testing.FakeCloudWatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * CloudWatch answering what it should not: paging that never ends stops (on a repeated token at once, on new tokens
 * at the run's deadline) with a clear reason, and odd values, statuses and timestamps fail the run naming the query
 * instead of becoming zeros; CloudWatch's own messages are logged at WARN. Nothing reaches Mackerel from a failed read.
 */
class CloudWatchAnswerWireTest extends WireTest {

    @Test
    void listMetricsRepeatingItsNextTokenStopsAtTheSecondPage() {
        fixture.cloudWatch.pageForever("ListMetrics", FakeCloudWatch.Endless.SAME_TOKEN);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("CloudWatch ListMetrics answered page 2 with the NextToken of an earlier page: "
                + "stopped paging, which would never end"), message);
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(0, fixture.mackerelPosts());
    }

    @Test
    void getMetricDataRepeatingItsNextTokenStopsAtTheSecondPage() {
        fixture.cloudWatch.pageForever("GetMetricData", FakeCloudWatch.Endless.SAME_TOKEN);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("CloudWatch GetMetricData answered page 2 with the NextToken of an earlier page"),
                message);
        assertEquals(2, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(0, fixture.mackerelPosts());
    }

    @Test
    void listMetricsPagingForeverStopsAtTheRunsDeadline() {
        assertStopsAtTheDeadline("ListMetrics");
    }

    @Test
    void getMetricDataPagingForeverStopsAtTheRunsDeadline() {
        assertStopsAtTheDeadline("GetMetricData");
    }

    /**
     * 5 s of Lambda time, 2 s kept back: the paging stops at 3 s and the run says so before Lambda's end. The handler
     * is warmed by a good run first (caching off, so the second run lists again), so the SDK's start-up on a loaded
     * machine does not eat the 3 s.
     */
    private void assertStopsAtTheDeadline(String operation) {
        io.github.cognitomackerel.runtime.Handler handler = fixture.handler(
                Map.of("COGNITO_MACKEREL_CACHE_TTL_SECONDS", "0"));
        FakeCloudWatch.Endless how = FakeCloudWatch.Endless.NEW_TOKENS;
        fixture.cloudWatch.pageForever(operation, null);
        fixture.invoke(handler).assertOk();
        int before = fixture.cloudWatch.calls(operation);
        int posts = fixture.mackerelPosts();
        fixture.cloudWatch.pageForever(operation, how);

        WireFixture.Invocation run = fixture.invoke(handler, WireFixture.eventBridgeEvent(WireFixture.T), 5000);

        String message = run.assertFailed();
        // Either between pages or during one: both name the operation and the deadline
        assertTrue(message.matches("Stopped reading CloudWatch \\(" + operation + "\\) (after \\d+ pages: the run's "
                + "deadline passed|on page \\d+: the call did not end before the run's deadline)"), message);
        assertTrue(run.millis() < 5000, () -> "took " + run.millis() + " ms: Lambda would have cut it with no summary: " + run.logs());
        assertTrue(fixture.cloudWatch.calls(operation) - before > 2);
        assertEquals(1, run.summaries().size());
        assertEquals(posts, fixture.mackerelPosts());
    }

    @Test
    void aValueThatIsNotFiniteFailsTheRunNamingTheQuery() {
        for (double odd : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            fixture.cloudWatch.alterNextAnswer("GetMetricData", firstPointOfFirstResultWithData((entry, i) -> {
                List<Object> values = new ArrayList<>((List<?>) entry.get("Values"));
                values.set(i, odd);
                entry.put("Values", values);
            }));

            String message = fixture.invoke(fixture.handler()).assertFailed();

            assertTrue(message.matches("CloudWatch GetMetricData returned " + (Double.isNaN(odd) ? "NaN" : "Infinity")
                    + " for query q\\d+ at 2026-11-23T\\d\\d:\\d\\d:00Z, which is not a count: none of the run's "
                    + "values are posted"), message);
        }
        assertEquals(0, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void aTimestampOffThePeriodGridFailsTheRun() {
        fixture.cloudWatch.alterNextAnswer("GetMetricData", firstPointOfFirstResultWithData((entry, i) -> {
            List<Object> timestamps = new ArrayList<>((List<?>) entry.get("Timestamps"));
            timestamps.set(i, ((Instant) timestamps.get(i)).plusSeconds(60));
            entry.put("Timestamps", timestamps);
        }));

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.matches("CloudWatch GetMetricData returned a value for query q\\d+ at "
                + "2026-11-23T\\d\\d:\\d\\d:00Z, which is not the start of a 300-second period: none of the run's "
                + "values are posted"), message);
        assertEquals(0, fixture.mackerelPosts());
    }

    @Test
    void anUnknownStatusCodeFailsTheRun() {
        fixture.cloudWatch.alterNextAnswer("GetMetricData", answer -> firstResult(answer).put("StatusCode",
                "Throttled"));

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.matches("CloudWatch GetMetricData answered status 'Throttled' for query q\\d+, which this "
                + "exporter does not know \\(Complete and PartialData are read\\): none of the run's values are "
                + "posted"), message);
        assertEquals(0, fixture.mackerelPosts());
    }

    @Test
    void partialDataWithoutANextTokenFailsTheRun() {
        fixture.cloudWatch.alterNextAnswer("GetMetricData", answer -> firstResult(answer).put("StatusCode",
                "PartialData"));

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.matches("CloudWatch GetMetricData answered PartialData for \\[q\\d+\\] without a NextToken"
                + " for the rest: the values would be incomplete, so none are posted; the next run reads the window "
                + "again"), message);
        assertEquals(0, fixture.mackerelPosts());
    }

    @Test
    void cloudWatchsOwnMessagesAreLoggedAtWarn() {
        fixture.cloudWatch.alterNextAnswer("GetMetricData", answer -> answer.put("Messages",
                List.of(Map.of("Code", "MaxMetricsExceeded", "Value", "Too many metrics in one request"))));

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        run.assertOk();
        List<String> warnings = run.logs().stream().filter(l -> l.level() == LogLevel.WARN)
                .map(WireFixture.LogLine::message).toList();
        assertEquals(List.of("CloudWatch GetMetricData said: MaxMetricsExceeded Too many metrics in one request"),
                warnings);
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstResult(Map<String, Object> answer) {
        List<Object> results = (List<Object>) answer.get("MetricDataResults");
        Map<String, Object> first = new LinkedHashMap<>((Map<String, Object>) results.get(0));
        List<Object> copy = new ArrayList<>(results);
        copy.set(0, first);
        answer.put("MetricDataResults", copy);
        return first;
    }

    /** An alteration of the first data point of the first result that has one. */
    @SuppressWarnings("unchecked")
    private static Consumer<Map<String, Object>> firstPointOfFirstResultWithData(
            java.util.function.BiConsumer<Map<String, Object>, Integer> change) {
        return answer -> {
            List<Object> results = new ArrayList<>((List<Object>) answer.get("MetricDataResults"));
            for (int r = 0; r < results.size(); r++) {
                Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) results.get(r));
                if (!((List<?>) entry.get("Values")).isEmpty()) {
                    change.accept(entry, 0);
                    results.set(r, entry);
                    answer.put("MetricDataResults", results);
                    return;
                }
            }
            throw new IllegalStateException("no result with data to alter");
        };
    }
}
