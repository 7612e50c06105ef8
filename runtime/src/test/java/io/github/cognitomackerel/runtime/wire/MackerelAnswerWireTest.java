package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mackerel's answer counts as accepted only when it is what the API documents: HTTP 200 with
 * {@code {"success":true}}. Every other answer fails the attempt with its status and a short, key-redacted excerpt;
 * 408 and 425 are retried like 429; 413 splits the batch; a redirect names its {@code Location} and the base-URL
 * setting; a 404 under a base URL with a path blames the base URL. A server that stalls or drips its answer is cut at
 * the run's deadline, and the run still logs its summary and fails before Lambda's own timeout.
 */
class MackerelAnswerWireTest extends WireTest {

    @Test
    void aSuccessStatusWithAnHtmlPageIsNotASuccess() {
        fixture.mackerel.respondWith(200, Map.of("Content-Type", "text/html"),
                "<html><body><h1>Welcome</h1><p>Sign in to continue, " + API_KEY + "</p>" + "x".repeat(500)
                        + "</body></html>", 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: Mackerel answered HTTP 200 without the "
                + "{\"success\":true} its API documents: <html><body><h1>Welcome</h1><p>Sign in to continue, ****"),
                message);
        assertTrue(message.contains("mackerel-api-base-url (construct prop mackerelApiBaseUrl)"), message);
        assertTrue(message.length() < 700, "the excerpt is short: " + message.length() + " characters");
        assertEquals(1, fixture.mackerelPosts(), "not retried");
        fixture.assertNoViolations();
    }

    @Test
    void anAcceptedStatusOrSuccessFalseIsNotASuccess() {
        fixture.mackerel.respondWith(202, Map.of(), "{\"success\":false}", 1);
        String accepted = fixture.invoke(fixture.handler()).assertFailed();
        assertTrue(accepted.contains("Mackerel answered HTTP 202 without the {\"success\":true} its API documents: "
                + "{\"success\":false}"), accepted);

        fixture.mackerel.respondWith(200, Map.of(), "{\"success\":false}", 1);
        String refused = fixture.invoke(fixture.handler()).assertFailed();
        assertTrue(refused.contains("Mackerel answered HTTP 200 without the {\"success\":true}"), refused);

        fixture.mackerel.respondWith(200, Map.of(), "", 1);
        String empty = fixture.invoke(fixture.handler()).assertFailed();
        assertTrue(empty.contains("Mackerel answered HTTP 200 without the {\"success\":true} its API documents: "
                + "the values"), empty);
        assertEquals(3, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void aRedirectNamesItsLocationAndTheBaseUrlSetting() {
        fixture.mackerel.respondWith(308, Map.of("Location", "https://mackerel.example.net/api/v0/services/x/tsdb"),
                "", 1);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("Mackerel answered HTTP 308, a redirect to "
                + "https://mackerel.example.net/api/v0/services/x/tsdb, which is not followed (the API key would go "
                + "with it): set mackerel-api-base-url (construct prop mackerelApiBaseUrl) (now "
                + fixture.mackerel.endpoint() + ") to the API's address, e.g. https://api.mackerelio.com/"), message);
        assertEquals(1, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void aNotFoundUnderABaseUrlWithAPathBlamesTheBaseUrl() {
        fixture.put("mackerel-api-base-url", fixture.mackerel.endpoint() + "mackerel/");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("Mackerel answered HTTP 404: Not found: /mackerel/api/v0/services/"
                + WireFixture.SERVICE + "/tsdb for " + fixture.mackerel.endpoint() + "mackerel/api/v0/services/"), message);
        assertTrue(message.contains("the base URL " + fixture.mackerel.endpoint() + "mackerel/ has a path (/mackerel/),"
                + " so it is probably wrong: set mackerel-api-base-url"), message);
        assertFalse(message.contains("does not exist"), message);
        assertEquals(1, fixture.mackerelPosts() + fixture.mackerel.requests().size() - fixture.mackerelPosts());
    }

    @Test
    void requestTimeoutAndTooEarlyAreRetriedLike429() {
        fixture.mackerel.respondWith(408, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"Request Timeout\"}}",
                1);
        fixture.mackerel.respondWith(425, Map.of("Retry-After", "0"), "", 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        run.assertOk();
        assertEquals(3, fixture.mackerelPosts());
        assertTrue(run.summary().contains("mackerel:3 retries=2 "), run.summary());
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void aBatchTooLargeIsPostedInHalvesWithAWarning() {
        fixture.mackerel.respondWith(413, Map.of(), "{\"error\":{\"message\":\"Request Entity Too Large\"}}", 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        run.assertOk();
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        List<Integer> sizes = fixture.mackerel.requests().stream().map(r -> ((List<?>) r.decodedBody()).size())
                .toList();
        // 144 values and the 3 heartbeat values in the last batch, then its two halves
        assertEquals(List.of(147, 73, 74), sizes);
        List<String> warnings = run.logs().stream().filter(l -> l.level() == LogLevel.WARN)
                .map(WireFixture.LogLine::message).toList();
        assertEquals(List.of("Mackerel refused a batch of 147 values as too large (HTTP 413): posting it in two "
                + "halves; set mackerel-batch-size (construct prop mackerelBatchSize) to 73 or less to save the extra"
                + " requests"), warnings);
        fixture.assertNoViolations();
    }

    @Test
    void aSingleValueTooLargeFails() {
        fixture.put("mackerel-batch-size", "1");
        fixture.mackerel.respondWith(413, Map.of(), "", 1);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertEquals("Posted 0 of 144 values to Mackerel: Mackerel refused a single value as too large (HTTP 413)",
                message);
        assertEquals(1, fixture.mackerelPosts());
    }

    @Test
    void aStalledBodyEndsAtTheRunsDeadlineWithTheReason() {
        fixture.mackerel.stallAfterHeaders(Duration.ofSeconds(30), 1);
        assertCutAtTheDeadline("reading the body");
    }

    @Test
    void aDrippedBodyEndsAtTheRunsDeadlineWithTheReason() {
        fixture.mackerel.dripBody(Duration.ofMillis(500), 1);
        assertCutAtTheDeadline("reading the body");
    }

    @Test
    void stalledHeadersEndAtTheRunsDeadlineWithTheReason() {
        fixture.mackerel.stallBeforeHeaders(Duration.ofSeconds(30), 1);
        assertCutAtTheDeadline("waiting for the headers");
    }

    /**
     * 6 s of Lambda time, of which the handler keeps 2 s back: the run's deadline is 4 s after the start, and the run
     * must log its summary and fail before the 6 s Lambda would end it.
     */
    private void assertCutAtTheDeadline(String phase) {
        WireFixture.Invocation run = fixture.invoke(fixture.handler(), WireFixture.eventBridgeEvent(WireFixture.T),
                6000);

        String message = run.assertFailed();
        assertTrue(message.startsWith("Posted 0 of 144 values to Mackerel: Mackerel at 127.0.0.1 timed out while "
                + phase + ": hit the run's deadline"), message);
        assertTrue(run.millis() < 6000, "took " + run.millis() + " ms: Lambda would have cut it with no summary");
        assertEquals(1, run.summaries().size());
        assertEquals(1, fixture.mackerelPosts());
    }
}
