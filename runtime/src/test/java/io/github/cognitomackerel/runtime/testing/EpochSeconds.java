package io.github.cognitomackerel.runtime.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Timestamps as the AWS protocols put them on the wire: seconds since the epoch, a whole number or one with a
 * fraction (CBOR tag 1 in RPC v2 CBOR, a plain number in AWS JSON).
 */
final class EpochSeconds {

    private EpochSeconds() {
    }

    /**
     * The instant {@code seconds} after the epoch, to the nanosecond.
     *
     * @throws IllegalArgumentException for a value that is not finite or lies outside {@link Instant}'s range
     */
    static Instant toInstant(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("non-finite timestamp " + seconds);
        }
        BigDecimal exact = BigDecimal.valueOf(seconds);
        BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
        long nanos = exact.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        try {
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("timestamp out of range: " + seconds, e);
        }
    }

    /** The instant {@code seconds} after the epoch; throws {@link IllegalArgumentException} when out of range. */
    static Instant toInstant(long seconds) {
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timestamp out of range: " + seconds, e);
        }
    }

    /** Whole seconds as a {@code Long}, or a {@code Double} when the instant has a fraction of a second. */
    static Number toNumber(Instant instant) {
        if (instant.getNano() == 0) {
            return instant.getEpochSecond();
        }
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
