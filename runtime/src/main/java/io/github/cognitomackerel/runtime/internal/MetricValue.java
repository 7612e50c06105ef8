package io.github.cognitomackerel.runtime.internal;

import java.util.Map;

/**
 * One Mackerel service-metric value.
 *
 * @param name metric name, valid for Mackerel
 * @param time the period start, epoch seconds
 * @param value the value; integral counts are written as JSON integers
 */
public record MetricValue(String name, long time, double value) {

    /** The value as Mackerel's JSON object {@code {"name":...,"time":...,"value":...}}. */
    public String toJson() {
        StringBuilder out = new StringBuilder(64);
        appendJson(out);
        return out.toString();
    }

    /** Appends {@link #toJson()}. */
    public void appendJson(StringBuilder out) {
        out.append("{\"name\":");
        Json.quote(name, out);
        out.append(",\"time\":").append(time).append(",\"value\":");
        Json.number(value, out);
        out.append('}');
    }

    /** The value as a map, e.g. for {@link Json#write(Object)}. */
    public Map<String, Object> toMap() {
        return Map.of("name", name, "time", time, "value", value);
    }
}
