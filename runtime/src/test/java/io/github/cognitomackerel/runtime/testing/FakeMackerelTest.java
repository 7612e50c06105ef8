package io.github.cognitomackerel.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@link FakeMackerel} with {@link HttpClient}, as the runtime posts service metrics. */
class FakeMackerelTest {

    private static final String KEY = "fake-mackerel-api-key-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-23T12:05:00Z");
    private static final long T = NOW.getEpochSecond() - 300;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeMackerel fake;

    @BeforeEach
    void start() {
        fake = FakeMackerel.start(KEY, "my-service");
        fake.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void storesValuesAndALaterPostOverwrites() throws Exception {
        HttpResponse<String> first = post("my-service", KEY, "[{\"name\":\"cognito.sign_in.total.success\","
                + "\"time\":" + T + ",\"value\":3},{\"name\":\"cognito.sign_in.total.attempt\",\"time\":" + T
                + ",\"value\":4.5}]");
        HttpResponse<String> second = post("my-service", KEY,
                "[{\"name\":\"cognito.sign_in.total.success\",\"time\":" + T + ",\"value\":7}]");

        assertEquals(200, first.statusCode());
        assertEquals("{\"success\":true}", second.body());
        assertEquals(Map.of("cognito.sign_in.total.success", Map.of(T, 7.0),
                "cognito.sign_in.total.attempt", Map.of(T, 4.5)), fake.values());
        assertThrows(UnsupportedOperationException.class, () -> fake.values().clear());
        assertEquals(2, fake.requests().size());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void checksTheApiKeyAndTheService() throws Exception {
        HttpResponse<String> wrongKey = post("my-service", "wrong", valid());
        HttpResponse<String> noKey = send(request("my-service").POST(HttpRequest.BodyPublishers.ofString(valid()))
                .header("Content-Type", "application/json").build());
        HttpResponse<String> noService = post("other-service", KEY, valid());

        assertEquals(401, wrongKey.statusCode());
        assertTrue(wrongKey.body().contains("Authentication failed"), wrongKey.body());
        assertEquals(401, noKey.statusCode());
        assertEquals(404, noService.statusCode());
        assertEquals(3, fake.violations().size());
        assertEquals(Map.of(), fake.values());
    }

    @Test
    void rejectsInvalidBodiesWithoutStoringAnything() throws Exception {
        List<String> invalid = List.of(
                "{\"name\":\"a\",\"time\":" + T + ",\"value\":1}",
                "[{\"name\":\"a b\",\"time\":" + T + ",\"value\":1}]",
                "[{\"name\":\"a\",\"time\":" + T + ".5,\"value\":1}]",
                "[{\"name\":\"a\",\"time\":\"" + T + "\",\"value\":1}]",
                "[{\"name\":\"a\",\"time\":" + T + ",\"value\":\"1\"}]",
                "[{\"name\":\"a\",\"time\":" + T + ",\"value\":null}]",
                "[{\"name\":\"a\",\"time\":" + T + ",\"value\":1,\"host\":\"x\"}]",
                "[{\"name\":\"a\",\"time\":" + T + "}]",
                "[{\"name\":\"a\",\"time\":" + (NOW.getEpochSecond() + 3600) + ",\"value\":1}]",
                "[{\"name\":\"ok\",\"time\":" + T + ",\"value\":1},{\"name\":\"a\",\"time\":-1,\"value\":1}]",
                "[{\"name\":\"a\",\"time\":" + T + ",\"value\":1}] trailing");
        for (String body : invalid) {
            HttpResponse<String> response = post("my-service", KEY, body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().startsWith("{\"error\":{\"message\":"), response.body());
        }
        HttpResponse<String> plainText = send(request("my-service").header("X-Api-Key", KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(valid())).build());
        assertEquals(400, plainText.statusCode());
        assertEquals(invalid.size() + 1, fake.violations().size());
        assertEquals(Map.of(), fake.values());
    }

    @Test
    void acceptsButDropsValuesOlderThanADay() throws Exception {
        long old = NOW.minus(Duration.ofHours(25)).getEpochSecond();
        HttpResponse<String> response = post("my-service", KEY, "[{\"name\":\"a\",\"time\":" + old
                + ",\"value\":1},{\"name\":\"a\",\"time\":" + T + ",\"value\":2}]");

        assertEquals(200, response.statusCode());
        assertEquals(Map.of("a", Map.of(T, 2.0)), fake.values());
        assertEquals(1, fake.droppedCount());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void scriptedTooManyRequestsThenNormal() throws Exception {
        fake.respondWith(429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"Too many requests\"}}", 1);

        HttpResponse<String> throttled = post("my-service", KEY, valid());
        HttpResponse<String> retried = post("my-service", KEY, valid());

        assertEquals(429, throttled.statusCode());
        assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(null));
        assertEquals(200, retried.statusCode());
        assertEquals(Map.of("a", Map.of(T, 1.0)), fake.values());
        assertEquals(2, fake.requests().size());
    }

    @Test
    void failAlwaysUntilReset() throws Exception {
        fake.failAlways(503);
        assertEquals(503, post("my-service", KEY, valid()).statusCode());
        assertEquals(503, post("my-service", KEY, valid()).statusCode());
        assertEquals(Map.of(), fake.values());
        fake.reset();
        assertEquals(200, post("my-service", KEY, valid()).statusCode());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void recordsRequestsSoATestCanSearchForTheKey() throws Exception {
        post("my-service", KEY, valid());

        RecordedRequest request = fake.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v0/services/my-service/tsdb", request.path());
        assertEquals("tsdb", request.operation());
        assertEquals(KEY, request.header("x-api-key"));
        assertTrue(request.contains(KEY));
        assertFalse(request.bodyText().contains(KEY));
        assertFalse(request.toString().contains(KEY), "toString redacts the key");
        assertEquals(List.of(Map.of("name", "a", "time", T, "value", 1L)), request.decodedBody());
    }

    @Test
    void concurrentPostsAreAllStored() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String body = "[{\"name\":\"m" + i + "\",\"time\":" + T + ",\"value\":" + i + "}]";
            responses.add(http.sendAsync(request("my-service").header("X-Api-Key", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals(200, response.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }
        assertEquals(40, fake.values().size());
        assertEquals(39.0, fake.values().get("m39").get(T));
        assertEquals(List.of(), fake.violations());
    }

    private static String valid() {
        return "[{\"name\":\"a\",\"time\":" + T + ",\"value\":1}]";
    }

    private HttpRequest.Builder request(String service) {
        return HttpRequest.newBuilder(fake.endpoint().resolve("api/v0/services/" + service + "/tsdb"))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> post(String service, String key, String body) throws IOException,
            InterruptedException {
        return send(request(service).header("X-Api-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
