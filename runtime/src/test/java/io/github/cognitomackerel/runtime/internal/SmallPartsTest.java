package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ApiKey, Memo, Env, AwsClients endpoints and Summary. */
class SmallPartsTest {

    @Test
    void apiKeyHidesItself() {
        ApiKey key = new ApiKey("abc123SECRET");
        assertEquals("ApiKey[****]", key.toString());
        assertEquals("x **** y ****", key.redact("x abc123SECRET y abc123SECRET"));
        assertEquals("abc123SECRET", key.reveal());
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(" "));
    }

    @Test
    void memoReusesForTheTtlAndPerKey() {
        FakeClock clock = FakeClock.at("2026-11-23T12:00:00Z");
        Memo<String, String> memo = new Memo<>(clock, Duration.ofSeconds(900));
        int[] loads = {0};
        java.util.function.Function<String, String> loader = k -> k + (++loads[0]);
        assertEquals("a1", memo.get("a", loader));
        clock.advance(Duration.ofSeconds(899));
        assertEquals("a1", memo.get("a", loader));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("a2", memo.get("a", loader));
        assertEquals("b3", memo.get("b", loader));
        memo.invalidate();
        assertEquals("b4", memo.get("b", loader));
        assertThrows(IllegalStateException.class, () -> memo.get("c", k -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("c5", memo.get("c", loader), "a failed load is not remembered");
    }

    @Test
    void cacheTtlFromTheEnvironment() {
        assertEquals(Duration.ofSeconds(900), Env.cacheTtl(Map.of()));
        assertEquals(Duration.ofSeconds(60), Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "60")));
        assertEquals(Duration.ZERO, Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "0")));
        assertEquals("COGNITO_MACKEREL_CACHE_TTL_SECONDS must be a whole number of seconds (0 turns caching off), got "
                + "'15m'", assertThrows(ExportException.class,
                        () -> Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "15m"))).getMessage());
    }

    @Test
    void configParameterFromTheEnvironment() {
        String variable = FunctionEnvironment.CONFIG_PARAMETER;
        assertEquals("/a/b", Env.configParameter(Map.of(variable, "/a/b")));
        assertEquals("CFN-ExporterConfig-1AbC", Env.configParameter(Map.of(variable, "CFN-ExporterConfig-1AbC")));
        assertEquals("COGNITO_MACKEREL_CONFIG_PARAMETER is not set: set it to the name of the SSM String parameter "
                + "holding the configuration (the stack output ConfigParameterName)",
                assertThrows(ExportException.class, () -> Env.configParameter(Map.of())).getMessage());
        assertEquals("COGNITO_MACKEREL_CONFIG_PARAMETER must be the name of an SSM parameter like /my-app/config "
                + "(levels of [A-Za-z0-9_.-] separated by '/', not an ARN), got a value of 5 characters that is not a "
                + "parameter name (not shown, in case it is a secret; it has an empty level: '//', or '/' at the end)",
                assertThrows(ExportException.class, () -> Env.configParameter(Map.of(variable, "/a/b/"))).getMessage());
    }

    @Test
    void serviceEndpointWinsOverTheGeneralOne() {
        Map<String, String> env = Map.of(Env.AWS_ENDPOINT_URL, "http://127.0.0.1:1000",
                Env.AWS_ENDPOINT_URL_SSM, "http://127.0.0.1:2000");
        assertEquals(URI.create("http://127.0.0.1:2000"), AwsClients.endpoint(env, Env.AWS_ENDPOINT_URL_SSM));
        assertEquals(URI.create("http://127.0.0.1:1000"), AwsClients.endpoint(env, Env.AWS_ENDPOINT_URL_CLOUDWATCH));
        assertNull(AwsClients.endpoint(Map.of(), Env.AWS_ENDPOINT_URL_SSM));
        assertEquals("AWS_ENDPOINT_URL must be a URL like http://127.0.0.1:4566, got 'localhost'",
                assertThrows(ExportException.class, () -> AwsClients.endpoint(Map.of(Env.AWS_ENDPOINT_URL,
                        "localhost"), Env.AWS_ENDPOINT_URL_SSM)).getMessage());
    }

    @Test
    void clientsBuildFromAnExplicitEnvironmentWithoutCalling() {
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of(Env.AWS_REGION, "ap-northeast-1",
                Env.AWS_ACCESS_KEY_ID, "AKIDEXAMPLE", Env.AWS_SECRET_ACCESS_KEY, "secret",
                Env.AWS_ENDPOINT_URL, "http://127.0.0.1:9"))) {
            assertEquals("ap-northeast-1", clients.ssm().serviceClientConfiguration().region().id());
            assertEquals(URI.create("http://127.0.0.1:9"),
                    clients.cloudWatch().serviceClientConfiguration().endpointOverride().orElseThrow());
        }
    }

    @Test
    void debugLevels() {
        assertTrue(Log.debugLevel("DEBUG"));
        assertTrue(Log.debugLevel("trace"));
        assertFalse(Log.debugLevel("INFO"));
        assertFalse(Log.debugLevel(null));
    }

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
        RunResult result = new RunResult(false, false, window, values, true, 0, stats, 31_012,
                "Posted 1000 of 2500 values to Mackerel: Mackerel answered HTTP 503 \"x\"\n(gave up)", null, List.of(),
                null, null);
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
        RunResult result = new RunResult(true, false, window,
                List.of(new MetricValue("a", window.start().getEpochSecond(), 1)), true, 0, new RunStats(), 37, null,
                null, List.of(), null, null);
        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":"
                + "\"2026-11-23T12:05:00Z\",\"values\":1,\"series\":1,\"metrics\":0}", Summary.json(result));
    }

    @Test
    void summaryOfACatchUpStoppedByTheDeadline() {
        Window window = new Window(Instant.parse("2026-11-23T09:45:00Z"), Instant.parse("2026-11-23T12:05:00Z"), 300);
        RunStats stats = new RunStats();
        stats.posted = 200;
        RunResult result = new RunResult(true, false, window,
                List.of(new MetricValue("a", window.start().getEpochSecond(), 1)), true, 12, stats, 900, null, null,
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

    @Test
    void aBoundedCallThatBlocksIsLeftBehindAtItsBound() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        long started = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bounded.call(() -> {
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }, Duration.ofMillis(200), () -> new IllegalStateException("cut at the bound")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        release.countDown();
        assertEquals("cut at the bound", e.getMessage());
        assertTrue(millis >= 200 && millis < 5_000, "took " + millis + " ms");
        assertEquals("fast", Bounded.call(() -> "fast", Duration.ofSeconds(5), IllegalStateException::new));
        assertEquals("boom", assertThrows(IllegalArgumentException.class, () -> Bounded.call(() -> {
            throw new IllegalArgumentException("boom");
        }, Duration.ofSeconds(5), IllegalStateException::new)).getMessage());
    }
}
