package io.github.cognitomackerel.runtime.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a blocking call on a worker thread and waits for it no longer than a bound. The SDK's API-call
 * timeout aborts an HTTP request by disconnecting it, but on JDK 17 and 25 that does not wake a thread blocked in a
 * socket read of {@code HttpURLConnection}: such a read would last until the client's socket timeout (30 s), past the
 * run's deadline. Bounded here, the run goes on (and reports) at the bound; the abandoned call ends by itself at the
 * socket timeout and its result is dropped.
 */
public final class Bounded {

    /** Kept beyond the bound, so that the SDK's own timeout, which says more, normally fires first. */
    public static final Duration GRACE = Duration.ofMillis(250);
    /** The longest one AWS call (CloudWatch, SSM) may take when the run's deadline is further away. */
    public static final Duration MAX_AWS_CALL = Duration.ofSeconds(30);

    /**
     * The bound of one AWS call made {@code timeLeft} before the run's deadline: the time left, at most
     * {@link #MAX_AWS_CALL}.
     *
     * @param limit the bound (the SDK's API-call timeout, and this class's wait)
     * @param deadlineFirst whether the run's deadline, not {@link #MAX_AWS_CALL}, set it
     */
    public record CallLimit(Duration limit, boolean deadlineFirst) {

        /** The limit of a call with {@code timeLeft} before the deadline (which must be positive). */
        public static CallLimit of(Duration timeLeft) {
            boolean deadlineFirst = timeLeft.compareTo(MAX_AWS_CALL) < 0;
            return new CallLimit(deadlineFirst ? timeLeft : MAX_AWS_CALL, deadlineFirst);
        }

        /** Which limit a call that did not end in time hit, e.g. {@code the call did not end before ...}. */
        public String reason() {
            return deadlineFirst ? "the call did not end before the run's deadline"
                    : "the call took longer than its " + MAX_AWS_CALL.toSeconds() + " s limit";
        }
    }

    /**
     * Runs one SDK call within {@code timeLeft} (at most {@link #MAX_AWS_CALL}): the limit goes to the call as its
     * API-call timeout, and the call is also cut here, where the SDK's abort cannot wake a blocked read.
     *
     * @param stoppedReading what a cut call failed to read, e.g. {@code the configuration parameter X from SSM}
     * @param timeLeft the time before the run's deadline
     * @param call makes the call with the given API-call timeout
     * @throws ExportException naming the limit hit, when the call does not end in time or no time is left
     */
    public static <T> T awsCall(String stoppedReading, Duration timeLeft, java.util.function.Function<Duration, T> call) {
        if (timeLeft.toMillis() <= 0) {
            throw new ExportException("No time left before the run's deadline to read " + stoppedReading);
        }
        CallLimit limit = CallLimit.of(timeLeft);
        Supplier<RuntimeException> timedOut = () -> new ExportException("Stopped reading " + stoppedReading + ": "
                + limit.reason());
        try {
            return call(() -> call.apply(limit.limit()), limit.limit(), timedOut);
        } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException e) {
            throw timedOut.get();
        } catch (LinkageError | AssertionError e) {
            // A broken class path or SDK: a failed run that says what broke, not an Error past the run's summary
            throw new ExportException("Could not read " + stoppedReading + ": " + e, e);
        }
    }

    /** How long an idle worker thread is kept for the next call. */
    public static final Duration IDLE_THREAD_KEPT = Duration.ofMinutes(10);

    /**
     * The threads bounded calls and Mackerel's exchanges run on: daemon threads, started when none is free and kept
     * idle for {@link #IDLE_THREAD_KEPT}, longer than a five-minute schedule's gap, so that a warm invocation reuses
     * them instead of starting new ones. A call cut at its bound keeps its thread until it ends by itself; the next
     * call gets another.
     */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            IDLE_THREAD_KEPT.toSeconds(), TimeUnit.SECONDS, new SynchronousQueue<>(), work -> {
                Thread thread = new Thread(work, "cognito-mackerel-call");
                thread.setDaemon(true);
                return thread;
            });

    private Bounded() {
    }

    /** Runs {@code work} on a worker thread (see {@link #call}), now. */
    public static void start(Runnable work) {
        WORKERS.execute(work);
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
        start(task);
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
        if (task.failure instanceof RuntimeException failure) {
            throw failure;
        }
        if (task.failure instanceof Error failure) {
            throw failure;
        }
        return task.result;
    }

    private static final class Task<T> implements Runnable {
        private final Supplier<T> call;
        private boolean done;
        private T result;
        /** What the call threw: a RuntimeException or an Error (which the caller gets too, not a timeout). */
        private Throwable failure;

        Task(Supplier<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            T value = null;
            Throwable problem = null;
            try {
                value = call.get();
            } catch (RuntimeException | Error e) {
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
