package io.github.cognitomackerel.runtime.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.sun.management.OperatingSystemMXBean;
import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.internal.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A Lambda-like life in a fresh JVM, for the benchmark: init (the handler's constructor, primed or not), then 21
 * invocations against the fakes the parent process runs (endpoints in the environment). Prints one line:
 * {@code init=<ms> first=<ms> warmCpu=<mean process CPU ms of invocations 2-21> peakRss=<KiB>
 * jitCpu=<mean CPU ms of the JIT compiler threads in invocations 2-21>}.
 *
 * <p>Arguments: {@code primed} or {@code unprimed}.
 */
public final class FirstInvocation {

    private static final int INVOCATIONS = 21;
    private static final long SCHEDULE_SECONDS = 300;
    /** The wire fixture's standard EventBridge event for T (this class runs without the test fixtures). */
    /** An EventBridge event for {@code time}: a recent one, since older than Mackerel keeps is refused. */
    private static String event(String time) {
        return "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"time\":\"" + time + "\",\"detail\":{}}";
    }

    private FirstInvocation() {
    }

    public static void main(String[] args) throws IOException {
        boolean primed = args.length > 0 && args[0].equals("primed");
        // Invocations five minutes apart, the last one at args[1], each 30 s after its scheduled time: the handler's
        // clock is moved to each, so caches expire and the pool is listed again as on a real schedule.
        java.time.Instant last = java.time.Instant.parse(args[1]);
        // The clock stands at each invocation's time while it runs, so caches expire exactly as on a schedule (the
        // configuration after three invocations, the pool's list after two) whatever each invocation's own duration.
        FakeClock clock = new FakeClock(last.minusSeconds(SCHEDULE_SECONDS * (INVOCATIONS - 1)).plusSeconds(30));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long started = System.nanoTime();
        Handler handler = primed ? Handler.initialized(System.getenv(), clock)
                : new Handler(System.getenv(), clock);
        long initMillis = (System.nanoTime() - started) / 1_000_000;
        long firstMillis = 0;
        long warmCpuStart = 0;
        java.util.Map<String, Long> jitCpuStart = null;
        for (int i = 0; i < INVOCATIONS; i++) {
            if (i == 1) {
                warmCpuStart = os.getProcessCpuTime();
                jitCpuStart = compilerThreadsCpuNanos();
            }
            java.time.Instant scheduled = last.minusSeconds(SCHEDULE_SECONDS * (INVOCATIONS - 1 - i));
            clock.advance(java.time.Duration.between(clock.instant(), scheduled.plusSeconds(30)));
            String event = event(scheduled.toString());
            long wall = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    context());
            if (i == 0) {
                firstMillis = (System.nanoTime() - wall) / 1_000_000;
            }
        }
        // Process CPU on Linux advances in clock ticks (10 ms), coarser than one invocation: a per-invocation figure
        // would be 0, 10 or 20 ms. The span of invocations 2-21, divided by their number, is exact to 0.5 ms.
        double warmCpuMillis = (os.getProcessCpuTime() - warmCpuStart) / 1e6 / (INVOCATIONS - 1);
        long jitNanos = compilerCpuBetween(jitCpuStart, compilerThreadsCpuNanos());
        double jitCpuMillis = jitNanos < 0 ? -1 : jitNanos / 1e6 / (INVOCATIONS - 1);
        System.out.printf(Locale.ROOT, "init=%d first=%d warmCpu=%.2f peakRss=%d jitCpu=%.2f%n", initMillis,
                firstMillis, warmCpuMillis, peakRssKib(), jitCpuMillis);
    }

    /** A Lambda context with 60 s left whose logger drops the lines. */
    private static Context context() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };
        return (Context) java.lang.reflect.Proxy.newProxyInstance(FirstInvocation.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, margs) -> {
                    switch (method.getName()) {
                        case "getLogger":
                            return logger;
                        case "getRemainingTimeInMillis":
                            return (int) ((deadline - System.nanoTime()) / 1_000_000);
                        case "getMemoryLimitInMB":
                            return 512;
                        default:
                            return method.getReturnType() == String.class ? "bench" : null;
                    }
                });
    }

    /**
     * The CPU time so far of each JIT compiler thread, by thread id (Linux: {@code /proc/self/task/<tid>/schedstat},
     * exact to the nanosecond), or null where that cannot be read.
     */
    private static java.util.Map<String, Long> compilerThreadsCpuNanos() {
        java.util.Map<String, Long> byThread = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        byThread.put(task.getFileName().toString(),
                                Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]));
                    }
                } catch (IOException e) {
                    // a thread that ended meanwhile (a run's short-lived call thread, or an idle compiler thread)
                }
            }
            return byThread;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The compiler threads' CPU between two readings, in ns: of each thread alive at the second, from its value at
     * the first (or from zero, for a thread started in between); a thread that ended in between (the JVM stops idle
     * compiler threads) is left out, so this can undercount, never overcount. -1 without readings.
     */
    private static long compilerCpuBetween(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        if (before == null || after == null) {
            return -1;
        }
        long total = 0;
        for (java.util.Map.Entry<String, Long> thread : after.entrySet()) {
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /** {@code VmHWM} of this process in KiB (Linux), or -1. */
    private static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
