package io.github.cognitomackerel.runtime.internal.mackerel;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.FakeClock;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.Configs;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import io.github.cognitomackerel.runtime.testing.RecordingLog;

import io.github.cognitomackerel.settings.ExporterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MackerelClientTest {

    private static final String KEY = "key-AbC123secretvalue";

    private final FakeClock clock = FakeClock.at("2026-11-23T12:05:10Z");
    private final StubTransport transport = new StubTransport();
    private final RunStats stats = new RunStats();
    private final RecordingLog log = new RecordingLog();

    private MackerelClient client() {
        return new MackerelClient(transport, new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6,
                new Random(3)), clock.sleeper(), clock);
    }

    private static ExporterConfig config(Map<String, String> extra) {
        return Configs.with(extra);
    }

    private static List<MetricValue> values(int n) {
        List<MetricValue> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(new MetricValue("cognito.sign_in.total.success", 1_795_000_000L + 300L * i, i));
        }
        return values;
    }

    private Instant deadline(int seconds) {
        return clock.instant().plusSeconds(seconds);
    }

    @Test
    void postsInBatchesToTheServiceEndpointWithTheKey() {
        client().post(config(Map.of("mackerel-batch-size", "1000")), new ApiKey(KEY), values(2500), deadline(60),
                stats, log);
        assertEquals(3, transport.requests.size());
        StubTransport.Sent first = transport.requests.get(0);
        assertEquals(URI.create("https://api.mackerelio.com/api/v0/services/my-service/tsdb"), first.uri());
        assertEquals(KEY, first.apiKey());
        assertEquals(List.of(1000, 1000, 500), transport.requests.stream()
                .map(r -> ((List<?>) Json.parse(r.body())).size()).toList());
        assertTrue(first.body().startsWith("[{\"name\":\"cognito.sign_in.total.success\",\"time\":1795000000,"
                + "\"value\":0},{\"name\":\"cognito.sign_in.total.success\",\"time\":1795000300,\"value\":1},"));
        assertEquals(2500, stats.posted());
        assertEquals(3, stats.mackerelCalls());
        assertEquals(0, stats.retries());
        assertEquals(deadline(60), first.deadline());
        assertEquals("application/json", first.headers().get("Content-Type"));
    }

    @Test
    void endpointKeepsABasePath() {
        assertEquals(URI.create("http://127.0.0.1:8080/proxy/api/v0/services/svc/tsdb"),
                MackerelClient.endpoint(URI.create("http://127.0.0.1:8080/proxy/"), "svc"));
    }

    @Test
    void retries429HonouringRetryAfterThen5xxWithBackoff() {
        transport.then(429, "3", "{\"error\":{\"message\":\"Too many requests\"}}").then(503).then(200);
        client().post(config(Map.of()), new ApiKey(KEY), values(3), deadline(60), stats, log);
        assertEquals(3, transport.requests.size());
        assertEquals(Duration.ofSeconds(3), clock.sleeps().get(0));
        assertTrue(clock.sleeps().get(1).compareTo(Duration.ofSeconds(2)) <= 0, clock.sleeps().toString());
        assertEquals(2, stats.retries());
        assertEquals(3, stats.mackerelCalls());
        assertEquals(3, stats.posted());
        assertTrue(log.lines().stream().anyMatch(line -> line.contains("HTTP 429: Too many requests")),
                log.lines().toString());
    }

    @Test
    void retriesIoErrors() {
        transport.thenThrow(new HttpTransport.Timeout(HttpTransport.Limit.ATTEMPT, Duration.ofSeconds(10), "reading the body")).then(200);
        client().post(config(Map.of()), new ApiKey(KEY), values(1), deadline(60), stats, log);
        assertEquals(2, transport.requests.size());
        assertEquals(1, stats.posted());
    }

    @Test
    void givesUpAfterSixAttemptsSayingHowManyWerePosted() {
        transport.then(200);
        for (int i = 0; i < 6; i++) {
            transport.then(502, null, "<html>Bad gateway</html>");
        }
        ExportException e = assertThrows(ExportException.class, () -> client().post(config(Map.of(
                "mackerel-batch-size", "2")), new ApiKey(KEY), values(5), deadline(600), stats, log));
        assertEquals("Posted 2 of 5 values to Mackerel: Mackerel answered HTTP 502: <html>Bad gateway</html> (gave "
                + "up after 6 attempts)", e.getMessage());
        assertEquals(7, transport.requests.size());
        assertEquals(5, clock.sleeps().size());
        assertEquals(2, stats.posted());
    }

    @Test
    void neverSleepsPastTheDeadline() {
        for (int i = 0; i < 6; i++) {
            transport.then(500);
        }
        Instant deadline = deadline(5);
        ExportException e = assertThrows(ExportException.class,
                () -> client().post(config(Map.of()), new ApiKey(KEY), values(1), deadline, stats, log));
        assertTrue(e.getMessage().startsWith("Posted 0 of 1 values to Mackerel: Mackerel answered HTTP 500 (stopped "
                + "after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the next retry would pass the run's deadline)"), e.getMessage());
        assertTrue(clock.instant().isBefore(deadline), "slept until " + clock.instant());
        for (StubTransport.Sent request : transport.requests) {
            assertEquals(deadline, request.deadline());
        }
    }

    @Test
    void retryAfterBeyondTheDeadlineStopsAtOnce() {
        transport.then(429, "120", "");
        ExportException e = assertThrows(ExportException.class,
                () -> client().post(config(Map.of()), new ApiKey(KEY), values(1), deadline(60), stats, log));
        assertEquals("Posted 0 of 1 values to Mackerel: Mackerel answered HTTP 429 (stopped after 1 attempt: "
                + "Mackerel asked to wait 120 s (Retry-After), which would pass the run's deadline)", e.getMessage());
        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void noTimeLeftSendsNothing() {
        ExportException e = assertThrows(ExportException.class, () -> client().post(config(Map.of()),
                new ApiKey(KEY), values(1), clock.instant(), stats, log));
        assertEquals("Posted 0 of 1 values to Mackerel: no time left before the run's deadline", e.getMessage());
        assertEquals(0, transport.requests.size());
    }

    @Test
    void clientErrorsFailAtOnceSayingWhatToFix() {
        assertEquals("Posted 0 of 1 values to Mackerel: Mackerel rejected the values as invalid (HTTP 400: Invalid "
                + "metric name): check the settings metric-name-prefix and clients.<alias> (props "
                + "metricNamePrefix and clients)",
                failWith(400, "{\"error\":{\"message\":\"Invalid metric name\"}}"));
        assertEquals("Posted 0 of 1 values to Mackerel: Mackerel rejected the API key (HTTP 401: Authentication "
                + "failed. Please try with valid Api Key.): put a valid API key in /mackerel/api-key",
                failWith(401, "{\"error\":\"Authentication failed. Please try with valid Api Key.\"}"));
        assertEquals("Posted 0 of 1 values to Mackerel: Mackerel refused the request (HTTP 403): the API key lacks "
                + "Write permission or your IP is not allowed: put a key with Write permission in /mackerel/api-key "
                + "or allow this IP address for the key", failWith(403, ""));
        assertEquals("Posted 0 of 1 values to Mackerel: service 'my-service' does not exist in Mackerel (HTTP 404: "
                + "Service not found): create it in Mackerel or fix the setting mackerel-service-name (prop mackerelServiceName)",
                failWith(404, "{\"error\":{\"message\":\"Service not found\"}}"));
    }

    private String failWith(int status, String body) {
        StubTransport stub = new StubTransport().then(status, null, body).then(200);
        FakeClock fakeClock = FakeClock.at("2026-11-23T12:05:10Z");
        MackerelClient client = new MackerelClient(stub, RetryPolicy.standard(), fakeClock.sleeper(), fakeClock);
        ExportException e = assertThrows(ExportException.class, () -> client.post(config(Map.of()),
                new ApiKey(KEY), values(1), fakeClock.instant().plusSeconds(60), new RunStats(), log));
        assertEquals(1, stub.requests.size(), "must not retry " + status);
        assertEquals(List.of(), fakeClock.sleeps());
        return e.getMessage();
    }

    @Test
    void theKeyEchoedInAnErrorBodyIsRedacted() {
        transport.then(401, null, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}");
        ExportException e = assertThrows(ExportException.class,
                () -> client().post(config(Map.of()), new ApiKey(KEY), values(1), deadline(60), stats, log));
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains("bad key ****"), e.getMessage());
        assertFalse(String.join("\n", log.lines()).contains(KEY));
    }

    @Test
    void longErrorBodiesAreShortenedToOneLine() {
        String detail = MackerelClient.detail("x\n".repeat(300), new ApiKey(KEY));
        assertEquals(2 + 200 + 3, detail.length());
        assertFalse(detail.contains("\n"));
        assertEquals("", MackerelClient.detail("  ", new ApiKey(KEY)));
    }

    @Test
    void nothingToPostSendsNothing() {
        client().post(config(Map.of()), new ApiKey(KEY), List.of(), deadline(60), stats, log);
        assertEquals(0, transport.requests.size());
    }

    @Test
    void batchBodyIsAJsonArray() throws IOException {
        assertEquals("[]", MackerelClient.body(List.of()));
        assertEquals("[{\"name\":\"a\",\"time\":1,\"value\":2.5},{\"name\":\"b\",\"time\":2,\"value\":0}]",
                MackerelClient.body(List.of(new MetricValue("a", 1, 2.5), new MetricValue("b", 2, 0))));
    }
}
