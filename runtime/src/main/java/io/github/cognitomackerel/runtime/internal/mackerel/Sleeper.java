package io.github.cognitomackerel.runtime.internal.mackerel;

import java.time.Duration;

/** Waits between retries; tests inject one that only records the waits. */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
