package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.MetricValue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Summary of a run. */
class SummaryTest {

    @Test
    void summaryOfAFailedPost() {
        RunStats stats = new RunStats();
        stats.getMetricDataCalls = 1;
        stats.metricsRequested = 20;
        stats.mackerelCalls = 6;
        stats.retries = 5;
        stats.posted = 1000;
        Window window = Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 300, 900);
        List<MetricValue> values = List.of(new MetricValue("a", window.start().getEpochSecond(), 1),
                new MetricValue("a", window.start().getEpochSecond() + 300, 1),
                new MetricValue("b", window.start().getEpochSecond(), 1));
        RunResult result = RunResult.failed(false, window, values, true, 0, stats, 31_012,
                "Posted 1000 of 2500 values to Mackerel: Mackerel answered HTTP 503 \"x\"\n(gave up)", null, List.of(),
                null);
        assertEquals("cognito-mackerel-metrics run failed window=2026-11-23T11:50:00Z/2026-11-23T12:05:00Z period=300 "
                + "series=2 values=3 metrics=20 posted=1000 calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:6 retries=5 "
                + "durationMs=31012 reason=\"Posted 1000 of 2500 values to Mackerel: Mackerel answered HTTP 503 "
                + "\\\"x\\\" (gave up)\"", Summary.line(result));
        assertEquals("{\"status\":\"failed\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":"
                + "\"2026-11-23T12:05:00Z\",\"values\":3,\"series\":2,\"metrics\":20}", Summary.json(result));
    }

    @Test
    void summaryJsonOfAnOkRun() {
        Window window = Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 300, 900);
        RunResult result = RunResult.ok(false, window,
                List.of(new MetricValue("a", window.start().getEpochSecond(), 1)), 0, new RunStats(), 37, List.of(),
                null, null);
        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":"
                + "\"2026-11-23T12:05:00Z\",\"values\":1,\"series\":1,\"metrics\":0}", Summary.json(result));
    }

    @Test
    void summaryOfACatchUpStoppedByTheDeadline() {
        Window window = new Window(Instant.parse("2026-11-23T09:45:00Z"), Instant.parse("2026-11-23T12:05:00Z"), 300);
        RunStats stats = new RunStats();
        stats.posted = 200;
        RunResult result = RunResult.ok(false, window,
                List.of(new MetricValue("a", window.start().getEpochSecond(), 1)), 12, stats, 900,
                List.of("left out 12 values", "caught up to 2026-11-23T10:30:00Z"),
                Instant.parse("2026-11-23T10:30:00Z"), Instant.parse("2026-11-23T10:30:00Z"));
        assertEquals("cognito-mackerel-metrics run ok window=2026-11-23T09:45:00Z/2026-11-23T12:05:00Z period=300 "
                + "series=1 values=1 leftOut=12 metrics=0 progress=2026-11-23T10:30:00Z caughtUpTo=2026-11-23T10:30:00Z "
                + "calls=getMetricData:0,listMetrics:0,ssm:0,mackerel:0 retries=0 durationMs=900 note=\"left out 12 "
                + "values; caught up to 2026-11-23T10:30:00Z\"", Summary.line(result));
        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T09:45:00Z\",\"windowEnd\":"
                + "\"2026-11-23T12:05:00Z\",\"values\":1,\"series\":1,\"metrics\":0,\"leftOut\":12,\"progress\":"
                + "\"2026-11-23T10:30:00Z\",\"caughtUpTo\":\"2026-11-23T10:30:00Z\",\"notes\":[\"left out 12 "
                + "values\",\"caught up to 2026-11-23T10:30:00Z\"]}", Summary.json(result));
    }
}
