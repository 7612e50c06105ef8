package io.github.cognitomackerel.runtime.internal.mackerel;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * When to retry a Mackerel request: 408, 425, 429, 5xx and I/O errors are retried with exponential backoff and full jitter
 * (a random wait in {@code [0, min(cap, base * 2^(retry-1))]}), or after the server's {@code Retry-After}; never more
 * than {@code maxAttempts} attempts, and no retry that would start less than {@link #MIN_ATTEMPT_TIME} before the
 * deadline. Other statuses fail at once.
 */
public final class RetryPolicy {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** The least time a retry must have after its wait, before the deadline, to be worth sending. */
    public static final Duration MIN_ATTEMPT_TIME = Duration.ofSeconds(1);

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final RandomGenerator random;

    /** A policy; {@code random} draws the jitter (seed it in tests). */
    public RetryPolicy(Duration base, Duration cap, int maxAttempts, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("bad retry policy " + base + "/" + cap + "/" + maxAttempts);
        }
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Base 1 s, cap 30 s, at most 6 attempts. */
    public static RetryPolicy standard() {
        return new RetryPolicy(DEFAULT_BASE, DEFAULT_CAP, DEFAULT_MAX_ATTEMPTS, new Random());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Whether a response status is worth retrying: 408 (the server gave up waiting for the request), 425 (too early),
     * 429 (too many requests) and 5xx.
     */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
    }

    /** The longest backoff before retry number {@code retry} (1 for the first retry). */
    public Duration maxBackoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        long bound = base.toMillis();
        for (int i = 1; i < retry && bound < cap.toMillis(); i++) {
            bound *= 2;
        }
        return Duration.ofMillis(Math.min(bound, cap.toMillis()));
    }

    /** A backoff before retry number {@code retry}: uniformly random in {@code [0, maxBackoff(retry)]}. */
    public Duration backoff(int retry) {
        return Duration.ofMillis(random.nextLong(maxBackoff(retry).toMillis() + 1));
    }

    /**
     * Reads a {@code Retry-After} header: delay seconds or an HTTP-date (relative to {@code now}, never negative).
     *
     * @return empty when absent or unreadable
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (SECONDS.matcher(value).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What to do after a failed attempt that may be retried.
     *
     * @param attemptsMade attempts so far (1 after the first request)
     * @param retryAfter the response's {@code Retry-After} header, if any
     * @param now the current time
     * @param deadline no attempt may start after this
     */
    public Decision next(int attemptsMade, Optional<String> retryAfter, Instant now, Instant deadline) {
        if (attemptsMade >= maxAttempts) {
            return Decision.stop("gave up after " + attempts(attemptsMade));
        }
        Optional<Duration> asked = retryAfter.flatMap(h -> parseRetryAfter(h, now));
        Duration delay = asked.orElseGet(() -> backoff(attemptsMade));
        // A retry that starts with only milliseconds left would time out and hide the real problem.
        if (!now.plus(delay).plus(MIN_ATTEMPT_TIME).isBefore(deadline)) {
            return Decision.stop("stopped after " + attempts(attemptsMade) + ": "
                    + (asked.isPresent() ? "Mackerel asked to wait " + seconds(delay) + " (Retry-After), which"
                            : "the next retry")
                    + " would pass the run's deadline");
        }
        return Decision.retry(delay);
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private static String seconds(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + " s" : delay.toMillis() + " ms";
    }

    /**
     * The outcome of {@link #next}: retry after {@link #delay()}, or stop for {@link #reason()}.
     *
     * @param delay the wait before the retry; null when stopping
     * @param reason why not to retry; null when retrying
     */
    public record Decision(Duration delay, String reason) {

        static Decision retry(Duration delay) {
            return new Decision(delay, null);
        }

        static Decision stop(String reason) {
            return new Decision(null, reason);
        }

        public boolean shouldRetry() {
            return delay != null;
        }
    }
}
