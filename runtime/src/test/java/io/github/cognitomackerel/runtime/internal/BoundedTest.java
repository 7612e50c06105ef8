package io.github.cognitomackerel.runtime.internal;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded calls. */
class BoundedTest {

    @Test
    void aBoundedCallThatBlocksIsLeftBehindAtItsBound() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        long started = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bounded.call(() -> {
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }, Duration.ofMillis(200), () -> new IllegalStateException("cut at the bound")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        release.countDown();
        assertEquals("cut at the bound", e.getMessage());
        assertTrue(millis >= 200 && millis < 5_000, "took " + millis + " ms");
        assertEquals("fast", Bounded.call(() -> "fast", Duration.ofSeconds(5), IllegalStateException::new));
        assertEquals("boom", assertThrows(IllegalArgumentException.class, () -> Bounded.call(() -> {
            throw new IllegalArgumentException("boom");
        }, Duration.ofSeconds(5), IllegalStateException::new)).getMessage());
    }

    @Test
    void anErrorInTheCallReachesTheCallerAtOnceNotAsATimeout() {
        long started = System.nanoTime();
        NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class, () -> Bounded.call(() -> {
            throw new NoClassDefFoundError("some/Missing");
        }, Duration.ofSeconds(30), () -> new IllegalStateException("timed out")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("some/Missing", e.getMessage());
        assertTrue(millis < 10_000, "took " + millis + " ms: the error waited for the bound");
    }

    @Test
    void aCallAfterAnIdleMomentRunsOnTheSameWorkerThreadNotANewOne() throws InterruptedException {
        Thread first = Bounded.call(Thread::currentThread, Duration.ofSeconds(5), IllegalStateException::new);
        boolean reused = false;
        for (int attempt = 0; attempt < 20 && !reused; attempt++) {
            Thread.sleep(50); // the worker goes back to wait for work once the call has answered
            reused = Bounded.call(Thread::currentThread, Duration.ofSeconds(5), IllegalStateException::new) == first;
        }
        assertTrue(reused, "a new thread for every call");
        assertTrue(first.isDaemon(), "a worker must not keep the command line's JVM alive");
        assertEquals("cognito-mackerel-call", first.getName());
    }
}
