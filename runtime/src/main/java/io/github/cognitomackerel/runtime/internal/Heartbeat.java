package io.github.cognitomackerel.runtime.internal;

import java.util.List;

/**
 * The exporter's own series, posted by every successful scheduled run (unless switched off), so that a Mackerel
 * monitor can tell "the exporter stopped" (no heartbeat) from "no activity" (zeros):
 * <ul>
 *   <li>{@code <prefix>.exporter.heartbeat}: 1 at the run's reference period (the newest period of its window);</li>
 *   <li>{@code <prefix>.exporter.posted}: how many Cognito values the run posted;</li>
 *   <li>{@code <prefix>.exporter.lag_seconds}: how far behind real time the newest posted period ends.</li>
 * </ul>
 */
public final class Heartbeat {

    /** The last segment of each series name. */
    public static final String HEARTBEAT = "heartbeat";
    public static final String POSTED = "posted";
    public static final String LAG = "lag_seconds";

    private Heartbeat() {
    }

    /** {@code <prefix>.exporter.<name>}. */
    public static String metricName(String prefix, String name) {
        return prefix + ".exporter." + name;
    }

    /** Every name this class posts under a prefix. */
    public static List<String> metricNames(String prefix) {
        return List.of(metricName(prefix, HEARTBEAT), metricName(prefix, POSTED), metricName(prefix, LAG));
    }

    /**
     * The three values of one run.
     *
     * @param period the run's reference period (epoch seconds)
     * @param posted Cognito values posted
     * @param lagSeconds how far behind now the newest posted period ends
     */
    public static List<MetricValue> values(String prefix, long period, long posted, long lagSeconds) {
        return List.of(new MetricValue(metricName(prefix, HEARTBEAT), period, 1),
                new MetricValue(metricName(prefix, POSTED), period, posted),
                new MetricValue(metricName(prefix, LAG), period, Math.max(0, lagSeconds)));
    }
}
