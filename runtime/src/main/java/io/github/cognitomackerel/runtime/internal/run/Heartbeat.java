package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.MetricValue;

import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.Catalog.ExporterMetric;
import java.util.List;

/**
 * The values of the exporter's own series ({@link Catalog#exporterMetricName}), posted by every successful scheduled
 * run (unless switched off), so that a Mackerel monitor can tell "the exporter stopped" (no heartbeat) from "no
 * activity" (zeros):
 * <ul>
 *   <li>{@code <prefix>.exporter.heartbeat}: 1 at the run's reference period (the newest period of its window);</li>
 *   <li>{@code <prefix>.exporter.posted}: how many Cognito values the run posted;</li>
 *   <li>{@code <prefix>.exporter.lag_seconds}: how far behind real time the newest posted period ends.</li>
 * </ul>
 */
public final class Heartbeat {

    /** How many values one run's heartbeat is. */
    public static final int SIZE = ExporterMetric.values().length;

    private Heartbeat() {
    }

    /**
     * The three values of one run.
     *
     * @param period the run's reference period (epoch seconds)
     * @param posted Cognito values posted
     * @param lagSeconds how far behind now the newest posted period ends
     */
    public static List<MetricValue> values(String prefix, long period, long posted, long lagSeconds) {
        return List.of(new MetricValue(Catalog.exporterMetricName(prefix, ExporterMetric.HEARTBEAT), period, 1),
                new MetricValue(Catalog.exporterMetricName(prefix, ExporterMetric.POSTED), period, posted),
                new MetricValue(Catalog.exporterMetricName(prefix, ExporterMetric.LAG), period,
                        Math.max(0, lagSeconds)));
    }
}
