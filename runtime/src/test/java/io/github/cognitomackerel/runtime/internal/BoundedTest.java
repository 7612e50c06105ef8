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
    void sequentialCallsReuseWorkerThreadsInsteadOfStartingOneEach() throws InterruptedException {
        java.util.Set<Thread> workers = new java.util.HashSet<>();
        for (int call = 0; call < 20; call++) {
            workers.add(Bounded.call(Thread::currentThread, Duration.ofSeconds(5), IllegalStateException::new));
            Thread.sleep(20); // the worker goes back to wait for work once the call has answered
        }
        // a thread each would make 20; reuse makes one, or a few where other idle workers (earlier tests') exist
        assertTrue(workers.size() <= 5, workers.size() + " threads for 20 calls");
        for (Thread worker : workers) {
            assertTrue(worker.isDaemon(), "a worker must not keep the command line's JVM alive");
            assertEquals("cognito-mackerel-call", worker.getName());
        }
    }

    @Test
    void aLinkageErrorInAnAwsCallFailsTheCallWithItsName() {
        ExportException e = assertThrows(ExportException.class, () -> Bounded.awsCall("the test parameter",
                Duration.ofSeconds(5), limit -> {
                    throw new NoClassDefFoundError("software/amazon/Missing");
                }));
        assertTrue(e.getMessage().startsWith("Could not read the test parameter: java.lang.NoClassDefFoundError"),
                e.getMessage());
    }
}
