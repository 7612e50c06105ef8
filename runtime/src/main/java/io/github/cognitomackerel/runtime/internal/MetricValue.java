package io.github.cognitomackerel.runtime.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Mackerel service-metric value.
 *
 * @param name metric name, valid for Mackerel
 * @param time the period start, epoch seconds
 * @param value the value; integral counts are written as JSON integers
 */
public record MetricValue(String name, long time, double value) {

    /**
     * The value as Mackerel's JSON object, for {@link Json#write(Object)}: {@code {"name":...,"time":...,"value":...}}
     * in that order.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("name", name);
        map.put("time", time);
        map.put("value", value);
        return Collections.unmodifiableMap(map);
    }
}
