package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.Bounded;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.config.ConfigLoader;
import io.github.cognitomackerel.settings.Catalog;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;

/**
 * Lambda's init phase, used: it runs with a full CPU (and, with SnapStart, before the snapshot), so what the first
 * invocations would otherwise load and compile while throttled is done here. Two reads over the network load the real
 * path (and, over HTTPS, the TLS context): the configuration document read from SSM as a cold start's first invocation
 * reads it ({@link ConfigLoader}: with the progress parameter in one {@code GetParameters}, else alone), and CloudWatch
 * {@code ListMetrics} for a user pool that does not exist (an empty answer; no {@code GetMetricData}, which is billed
 * per metric). Then a {@link Rehearsal} runs whole scheduled exports in memory, {@link #REHEARSALS} times, so the JIT
 * compiles their code now. Never posts to Mackerel, never throws, and ends within its budget: each network read is cut
 * by {@link Bounded} as the runs' are, and no rehearsal starts after the budget (one, in memory and never waiting, may
 * end just after it).
 */
public final class Priming {

    /** The whole pass ends within this, well inside Lambda's 10-second init limit. */
    public static final Duration BUDGET = Duration.ofSeconds(4);
    /** In-memory exports to rehearse: about as many as the JIT needs to compile what runs once per export. */
    public static final int REHEARSALS = 150;
    static final String NO_SUCH_POOL = "priming_NoSuchPool";

    private Priming() {
    }

    /**
     * Runs the pass.
     *
     * @param configParameter the configuration parameter's name, or null to skip the SSM call
     * @param progressParameter the progress parameter's name, read with the configuration in one
     *     {@code GetParameters} as the first invocation reads them; null to read the configuration alone
     * @param clock the clock of the runs (deadlines given to the SDK); the budget itself is kept in real time
     * @return what was done, one line for a debug log
     */
    public static String run(AwsClients clients, String configParameter, String progressParameter, Clock clock,
            Duration budget) {
        long started = System.nanoTime();
        long end = started + budget.toNanos();
        StringBuilder done = new StringBuilder("priming:");
        if (configParameter != null) {
            // The first invocation's own read, through the same loader (its checks included; nothing is kept)
            ConfigLoader loader = new ConfigLoader(clients.ssm());
            step(done, "ssm", () -> {
                if (progressParameter != null) {
                    loader.loadWith(configParameter, progressParameter, "the progress parameter", left(end),
                            new RunStats(), Log.none());
                } else {
                    loader.load(configParameter, left(end), new RunStats(), Log.none());
                }
            });
        }
        step(done, "cloudwatch", () -> Bounded.awsCall("an empty metric listing from CloudWatch (priming)", left(end),
                limit -> clients.cloudWatch().listMetrics(r -> r.namespace(Catalog.NAMESPACE)
                        .dimensions(DimensionFilter.builder().name(Catalog.DIMENSION_USER_POOL).value(NO_SUCH_POOL)
                                .build())
                        .overrideConfiguration(o -> o.apiCallTimeout(limit)))));
        if (end - System.nanoTime() > 0) {
            step(done, "rehearsal", () -> {
                try (Rehearsal rehearsal = new Rehearsal(clock)) {
                    done.append(" rehearsals=").append(rehearsal.run(REHEARSALS, end));
                }
            });
        } else {
            done.append(" rehearsals=0/no time");
        }
        return done.append(" in ").append((System.nanoTime() - started) / 1_000_000).append(" ms").toString();
    }

    /** The budget left, in real time. */
    private static Duration left(long end) {
        return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    private static void step(StringBuilder done, String name, Runnable step) {
        try {
            step.run();
            done.append(' ').append(name).append("=ok");
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            // Priming only warms up: whatever goes wrong here, the first invocation meets it again and reports it.
            // (Only a JVM out of memory or broken, which no init survives, gets through.)
            done.append(' ').append(name).append("=").append(e.getClass().getSimpleName());
        }
    }
}
