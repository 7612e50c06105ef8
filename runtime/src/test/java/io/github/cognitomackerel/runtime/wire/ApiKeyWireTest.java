package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The Mackerel API key travels only as Mackerel's {@code X-Api-Key} header: never in output, exception messages,
 * stack traces or log lines (debug included), not even when Mackerel echoes it back in an error. Every other wire
 * test checks the same after each test ({@link WireFixture#assertKeyNeverLeaked()}); these tests provoke it.
 */
class ApiKeyWireTest extends WireTest {

    private static final String ECHO = "{\"error\":{\"message\":\"invalid api key: " + API_KEY + "\"}}";

    @Test
    void keyIsSentOnlyAsTheApiKeyHeaderOfEveryBatch() {
        fixture.put("mackerel-batch-size", "50");

        fixture.invoke(fixture.handler()).assertOk();

        assertEquals(3, fixture.mackerelPosts());
        for (RecordedRequest post : fixture.mackerel.requests()) {
            assertEquals(API_KEY, post.header("X-Api-Key"));
            assertEquals(1, post.headers().get("X-Api-Key").size());
            assertTrue(post.header("Content-Type").startsWith("application/json"), post::toString);
        }
        fixture.assertKeyNeverLeaked();
        fixture.assertNoViolations();
    }

    @Test
    void keyEchoedInARefusalIsRedacted() {
        fixture.mackerel.respondWith(400, Map.of(), ECHO, 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("invalid api key: ****"), message);
        fixture.assertKeyNeverLeaked();
    }

    @Test
    void keyEchoedInRetriedFailuresIsRedactedInMessageAndDebugLines() {
        fixture.mackerel.respondWith(503, Map.of("Retry-After", "0"), ECHO, 6);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("invalid api key: ****"), message);
        assertTrue(run.logs().stream().anyMatch(l -> l.message().contains("mackerel retry")),
                "debug lines were on: " + run.logs());
        fixture.assertKeyNeverLeaked();
    }

    @Test
    void keyThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
        // a zero-width space pasted along with the key: strip() keeps it, and headers cannot carry it
        String pasted = API_KEY + "\u200b";
        fixture.storeApiKey(pasted, ParameterType.SECURE_STRING);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        WireFixture.assertNoSecret(API_KEY, WireFixture.stackTrace(run.failure()), "exception or its causes");
        assertTrue(message.contains(WireFixture.KEY_PARAMETER), message);
        assertEquals(0, fixture.mackerel.requests().size());
    }
}
