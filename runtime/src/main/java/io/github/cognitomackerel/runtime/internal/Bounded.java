package io.github.cognitomackerel.runtime.internal;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a blocking call on a short-lived daemon thread and waits for it no longer than a bound. The SDK's API-call
 * timeout aborts an HTTP request by disconnecting it, but on JDK 17 and 25 that does not wake a thread blocked in a
 * socket read of {@code HttpURLConnection}: such a read would last until the client's socket timeout (30 s), past the
 * run's deadline. Bounded here, the run goes on (and reports) at the bound; the abandoned call ends by itself at the
 * socket timeout and its result is dropped.
 */
public final class Bounded {

    /** Kept beyond the bound, so that the SDK's own timeout, which says more, normally fires first. */
    public static final Duration GRACE = Duration.ofMillis(250);

    private Bounded() {
    }

    /**
     * The call's result, or its exception, if it ends within {@code bound} plus {@link #GRACE}.
     *
     * @param call the blocking call
     * @param bound how long it may take
     * @param timedOut the exception to throw when it does not end in time
     */
    public static <T> T call(Supplier<T> call, Duration bound, Supplier<RuntimeException> timedOut) {
        Task<T> task = new Task<>(call);
        Thread worker = new Thread(task, "cognito-mackerel-aws-call");
        worker.setDaemon(true);
        worker.start();
        long end = System.nanoTime() + bound.plus(GRACE).toNanos();
        synchronized (task) {
            long left;
            try {
                while (!task.done && (left = end - System.nanoTime()) > 0) {
                    task.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw timedOut.get();
            }
            if (!task.done) {
                throw timedOut.get();
            }
        }
        if (task.failure != null) {
            throw task.failure;
        }
        return task.result;
    }

    private static final class Task<T> implements Runnable {
        private final Supplier<T> call;
        private boolean done;
        private T result;
        private RuntimeException failure;

        Task(Supplier<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            T value = null;
            RuntimeException problem = null;
            try {
                value = call.get();
            } catch (RuntimeException e) {
                problem = e;
            }
            synchronized (this) {
                result = value;
                failure = problem;
                done = true;
                notifyAll();
            }
        }
    }
}
