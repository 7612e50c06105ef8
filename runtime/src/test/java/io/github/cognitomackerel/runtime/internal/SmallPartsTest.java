package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.runtime.internal.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memo, AwsClients endpoints and Log. */
class SmallPartsTest {

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
}
