package io.github.cognitomackerel.runtime.internal.mackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:05:00Z");
    private static final Instant FAR = NOW.plus(Duration.ofMinutes(10));

    private static RetryPolicy seeded(long seed) {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6, new Random(seed));
    }

    @Test
    void maxBackoffDoublesUpToTheCap() {
        RetryPolicy policy = seeded(1);
        assertEquals(Duration.ofSeconds(1), policy.maxBackoff(1));
        assertEquals(Duration.ofSeconds(2), policy.maxBackoff(2));
        assertEquals(Duration.ofSeconds(4), policy.maxBackoff(3));
        assertEquals(Duration.ofSeconds(16), policy.maxBackoff(5));
        assertEquals(Duration.ofSeconds(30), policy.maxBackoff(6));
        assertEquals(Duration.ofSeconds(30), policy.maxBackoff(60));
    }

    @Test
    void fullJitterStaysWithinBoundsAndSpreads() {
        RetryPolicy policy = seeded(42);
        for (int retry = 1; retry <= 8; retry++) {
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Duration backoff = policy.backoff(retry);
                assertFalse(backoff.isNegative(), backoff.toString());
                assertTrue(backoff.compareTo(policy.maxBackoff(retry)) <= 0, retry + ": " + backoff);
                seen.add(backoff);
            }
            assertTrue(seen.size() > 50, "jitter should spread, saw " + seen.size() + " values for retry " + retry);
        }
    }

    @Test
    void sameSeedSameBackoffs() {
        RetryPolicy a = seeded(7);
        RetryPolicy b = seeded(7);
        for (int retry = 1; retry <= 6; retry++) {
            assertEquals(a.backoff(retry), b.backoff(retry));
        }
        assertNotEquals(seeded(7).backoff(6), seeded(8).backoff(6));
    }

    @Test
    void retryableStatuses() {
        assertTrue(RetryPolicy.isRetryable(429));
        assertTrue(RetryPolicy.isRetryable(408));
        assertTrue(RetryPolicy.isRetryable(425));
        assertTrue(RetryPolicy.isRetryable(500));
        assertTrue(RetryPolicy.isRetryable(502));
        assertTrue(RetryPolicy.isRetryable(503));
        assertTrue(RetryPolicy.isRetryable(599));
        for (int status : new int[] {200, 400, 401, 403, 404, 409, 413, 600}) {
            assertFalse(RetryPolicy.isRetryable(status), String.valueOf(status));
        }
    }

    @Test
    void retryAfterSecondsAndHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter("7", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("0", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(12)),
                RetryPolicy.parseRetryAfter("Mon, 23 Nov 2026 12:05:12 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Mon, 23 Nov 2026 12:00:00 GMT", NOW),
                "a date in the past means now");
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("-3", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("1.5", NOW));
    }

    @Test
    void retryAfterWinsOverBackoff() {
        RetryPolicy.Decision decision = seeded(1).next(1, Optional.of("20"), NOW, FAR);
        assertTrue(decision.shouldRetry());
        assertEquals(Duration.ofSeconds(20), decision.delay());
        RetryPolicy.Decision dated = seeded(1).next(1, Optional.of("Mon, 23 Nov 2026 12:05:03 GMT"), NOW, FAR);
        assertEquals(Duration.ofSeconds(3), dated.delay());
    }

    @Test
    void unreadableRetryAfterFallsBackToBackoff() {
        RetryPolicy.Decision decision = seeded(1).next(3, Optional.of("later"), NOW, FAR);
        assertTrue(decision.shouldRetry());
        assertTrue(decision.delay().compareTo(Duration.ofSeconds(4)) <= 0, decision.delay().toString());
    }

    @Test
    void stopsAfterMaxAttempts() {
        RetryPolicy policy = seeded(1);
        assertTrue(policy.next(5, Optional.empty(), NOW, FAR).shouldRetry());
        RetryPolicy.Decision decision = policy.next(6, Optional.empty(), NOW, FAR);
        assertFalse(decision.shouldRetry());
        assertEquals("gave up after 6 attempts", decision.reason());
    }

    @Test
    void neverWaitsPastTheDeadline() {
        RetryPolicy policy = seeded(1);
        RetryPolicy.Decision asked = policy.next(1, Optional.of("30"), NOW, NOW.plusSeconds(29));
        assertFalse(asked.shouldRetry());
        assertEquals("stopped after 1 attempt: Mackerel asked to wait 30 s (Retry-After), which would pass the "
                + "run's deadline", asked.reason());
        RetryPolicy.Decision exact = policy.next(1, Optional.of("30"), NOW, NOW.plusSeconds(30));
        assertFalse(exact.shouldRetry(), "a retry exactly at the deadline has no time to run");
        assertFalse(policy.next(1, Optional.of("30"), NOW, NOW.plusSeconds(31)).shouldRetry(),
                "a retry must have MIN_ATTEMPT_TIME (1 s) to run");
        assertTrue(policy.next(1, Optional.of("30"), NOW, NOW.plusSeconds(31).plusMillis(1)).shouldRetry());
        for (int i = 0; i < 100; i++) {
            RetryPolicy.Decision decision = policy.next(5, Optional.empty(), NOW, NOW.plusSeconds(8));
            if (decision.shouldRetry()) {
                assertTrue(NOW.plus(decision.delay()).plus(RetryPolicy.MIN_ATTEMPT_TIME).isBefore(NOW.plusSeconds(8)),
                        decision.delay().toString());
            } else {
                assertTrue(decision.reason().contains("the next retry would pass the run's deadline"));
            }
        }
        assertFalse(policy.next(1, Optional.empty(), NOW, NOW).shouldRetry());
    }
}
