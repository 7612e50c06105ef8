package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;

import io.github.cognitomackerel.settings.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;

/**
 * One dry pass through the runtime's clients during Lambda's init phase, which runs with a full CPU (and, with
 * SnapStart, before the snapshot): the classes and code paths the first invocation would otherwise load and compile
 * while throttled. It reads, never writes: SSM {@code GetParameter} of the configuration document, CloudWatch
 * {@code ListMetrics} for a user pool that does not exist (an empty answer; no {@code GetMetricData}, which is billed
 * per metric), and the Mackerel request and answer code without any network. Never posts to Mackerel, never throws,
 * and every call is cut at the budget.
 */
public final class Priming {

    /** The whole pass ends within this, well inside Lambda's 10-second init limit. */
    public static final Duration BUDGET = Duration.ofSeconds(4);
    static final String NO_SUCH_POOL = "priming_NoSuchPool";

    private Priming() {
    }

    /**
     * Runs the pass.
     *
     * @param configParameter the configuration parameter's name, or null to skip the SSM call
     * @return what was done, one line for a debug log
     */
    public static String run(AwsClients clients, String configParameter, Clock clock, Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        StringBuilder done = new StringBuilder("priming:");
        long started = System.nanoTime();
        if (configParameter != null) {
            step(done, "ssm", () -> clients.ssm().getParameter(r -> r.name(configParameter).withDecryption(false)
                    .overrideConfiguration(left(clock, deadline))));
        }
        step(done, "cloudwatch", () -> clients.cloudWatch().listMetrics(r -> r.namespace(Catalog.NAMESPACE)
                .dimensions(DimensionFilter.builder().name(Catalog.DIMENSION_USER_POOL).value(NO_SUCH_POOL).build())
                .overrideConfiguration(left(clock, deadline))));
        step(done, "mackerel-code", () -> {
            String body = MackerelClient.body(List.of(new MetricValue("priming.value", 1, 0)));
            MackerelClient.request(java.net.URI.create("https://api.mackerelio.com/api/v0/services/s/tsdb"),
                    new ApiKey("priming"), body);
            MackerelClient.saysSuccess("{\"success\":true}");
        });
        return done.append(" in ").append((System.nanoTime() - started) / 1_000_000).append(" ms").toString();
    }

    private static AwsRequestOverrideConfiguration left(Clock clock, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.toMillis() <= 0) {
            throw new IllegalStateException("no priming budget left");
        }
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build();
    }

    private static void step(StringBuilder done, String name, Runnable step) {
        try {
            step.run();
            done.append(' ').append(name).append("=ok");
        } catch (RuntimeException e) {
            // Priming only warms up: whatever goes wrong here, the first invocation meets it again and reports it.
            done.append(' ').append(name).append("=").append(e.getClass().getSimpleName());
        }
    }
}
