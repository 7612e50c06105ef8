package io.github.cognitomackerel.runtime.wire;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.ExporterConfig;
import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.SERVICE;
import static io.github.cognitomackerel.runtime.wire.WireFixture.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.mackerel.RetryPolicy;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import io.github.cognitomackerel.runtime.internal.mackerel.Sleeper;
import io.github.cognitomackerel.runtime.internal.mackerel.UrlConnectionTransport;
import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The production Mackerel client (real HTTP transport, standard retry policy) against the fake Mackerel, on a clock
 * that moves only when the client sleeps, so the moment the deadline passes is exact.
 */
class MackerelDeadlineWireTest {

    private static final String UNAVAILABLE = "{\"error\":{\"message\":\"Service Unavailable\"}}";

    @Test
    void aRunThatRunsOutOfTimeStillSaysWhyMackerelFailed() {
        try (FakeMackerel mackerel = FakeMackerel.start(API_KEY, SERVICE)) {
            mackerel.setClock(Clock.fixed(T, ZoneOffset.UTC));
            mackerel.respondWith(503, Map.of("Retry-After", "1"), UNAVAILABLE, 5);
            ManualClock clock = new ManualClock(T);
            // Thread.sleep may wake up late (a pause of the JVM, a frozen Lambda sandbox): here, 1.5 s late
            Sleeper late = duration -> clock.advance(duration.plusMillis(1500));
            MackerelClient client = new MackerelClient(new UrlConnectionTransport(clock), RetryPolicy.standard(), late,
                    clock);
            // Retry-After 1 s plus a second for the attempt fits before the deadline, so the client waits; it wakes
            // up after the deadline and must still say why Mackerel failed
            Instant deadline = T.plusMillis(2001);
            RunStats stats = new RunStats();

            ExportException failure = assertThrows(ExportException.class, () -> client.post(config(mackerel),
                    new ApiKey(API_KEY), values(), deadline, stats, Log.none()));

            assertEquals(1, mackerel.requests().size());
            assertTrue(failure.getMessage().contains("HTTP 503"), "the reason is lost: " + failure.getMessage());
            assertTrue(failure.getMessage().contains("no time left before the run's deadline"), failure.getMessage());
        }
    }

    @Test
    void retriesAfterTheServersRetryAfterAndCountsTheCalls() {
        try (FakeMackerel mackerel = FakeMackerel.start(API_KEY, SERVICE)) {
            mackerel.setClock(Clock.fixed(T, ZoneOffset.UTC));
            mackerel.respondWith(503, Map.of("Retry-After", "2"), UNAVAILABLE, 1);
            mackerel.respondWith(429, Map.of("Retry-After", "Mon, 23 Nov 2026 12:05:05 GMT"), "", 1);
            ManualClock clock = new ManualClock(T);
            List<Duration> waits = new ArrayList<>();
            Sleeper recording = duration -> {
                waits.add(duration);
                clock.advance(duration);
            };
            MackerelClient client = new MackerelClient(new UrlConnectionTransport(clock), RetryPolicy.standard(),
                    recording, clock);
            RunStats stats = new RunStats();

            client.post(config(mackerel), new ApiKey(API_KEY), values(), T.plusSeconds(60), stats, Log.none());

            // 2 s as asked, then until the HTTP-date (12:05:05, 3 s after 12:05:02)
            assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(3)), waits);
            assertEquals(3, stats.mackerelCalls());
            assertEquals(2, stats.retries());
            assertEquals(2, stats.posted());
            assertEquals(Map.of("cognito.sign_in.total.success", Map.of(T.getEpochSecond() - 300, 3.0),
                    "cognito.sign_in.total.attempt", Map.of(T.getEpochSecond() - 300, 4.0)), mackerel.values());
            assertEquals(List.of(), mackerel.violations());
        }
    }

    private static ExporterConfig config(FakeMackerel mackerel) {
        return new ExporterConfig(WireFixture.USER_POOL_ID, new TreeMap<>(), SERVICE,
                WireFixture.KEY_PARAMETER, mackerel.endpoint(), "cognito", List.of(CognitoActivity.values()),
                Optional.empty(), 300, 900, true, 1000, true, ExporterSettings.DEFAULT_CATCH_UP_MAX_AGE_SECONDS);
    }

    private static List<MetricValue> values() {
        long period = T.getEpochSecond() - 300;
        return List.of(new MetricValue("cognito.sign_in.total.success", period, 3),
                new MetricValue("cognito.sign_in.total.attempt", period, 4));
    }

    /** A clock that moves only when told to. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
