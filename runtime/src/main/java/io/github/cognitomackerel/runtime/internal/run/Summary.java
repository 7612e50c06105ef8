package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one line a run logs, in key=value form that reads well on its own and inside Lambda's JSON {@code message}:
 * <pre>
 * cognito-mackerel-metrics run ok window=2026-11-23T11:50:00Z/2026-11-23T12:05:00Z period=300 series=64 values=192 metrics=20 calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:1 retries=0 durationMs=37
 * cognito-mackerel-metrics run failed window=... period=300 series=64 values=192 metrics=20 posted=0 calls=... retries=5 durationMs=31012 reason="..."
 * </pre>
 * A dry run says {@code run ok dryRun=true}. {@code leftOut=N} appears when N values were not posted because Mackerel
 * no longer keeps them, {@code backfilled=N} when N values are for periods before the window (a series CloudWatch
 * listed for the first time); {@code metrics=N} (once the window is known) is what GetMetricData billed;
 * {@code progress=T} when the run wrote T to the progress parameter (about once an hour, and at once when a run
 * is cut short or fails), {@code caughtUpTo=T} when a catch-up stopped at T for the
 * deadline, and {@code note="..."} says why in words. Also the JSON summary the handler returns.
 */
public final class Summary {

    /** First words of every summary line. */
    public static final String PREFIX = "cognito-mackerel-metrics run ";

    private Summary() {
    }

    /** The summary line of a run. */
    public static String line(RunResult result) {
        StringBuilder line = new StringBuilder(PREFIX).append(result.ok() ? "ok" : "failed");
        if (result.dryRun()) {
            line.append(" dryRun=true");
        }
        if (result.window() != null) {
            line.append(" window=").append(result.window()).append(" period=").append(result.window().periodSeconds());
        }
        if (result.computed()) {
            line.append(" series=").append(result.series()).append(" values=").append(result.values().size());
            if (result.leftOut() > 0) {
                line.append(" leftOut=").append(result.leftOut());
            }
            if (result.backfilled() > 0) {
                line.append(" backfilled=").append(result.backfilled());
            }
        }
        if (result.window() != null) {
            line.append(" metrics=").append(result.stats().metricsRequested());
        }
        if (result.progress() != null) {
            line.append(" progress=").append(result.progress());
        }
        if (result.caughtUpTo() != null) {
            line.append(" caughtUpTo=").append(result.caughtUpTo());
        }
        if (!result.ok() && !result.dryRun() && result.computed()) {
            line.append(" posted=").append(result.stats().posted());
        }
        line.append(" calls=").append(result.stats().calls()).append(" retries=").append(result.stats().retries())
                .append(" durationMs=").append(result.durationMs());
        if (!result.notes().isEmpty()) {
            line.append(" note=").append(quote(String.join("; ", result.notes())));
        }
        if (!result.ok()) {
            line.append(" reason=").append(quote(result.failure()));
        }
        return line.toString();
    }

    /**
     * The JSON the handler returns:
     * {@code {"status":"ok","windowStart":...,"windowEnd":...,"values":192,"series":64,"metrics":20}}.
     */
    public static String json(RunResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", result.ok() ? "ok" : "failed");
        if (result.window() != null) {
            json.put("windowStart", result.window().start().toString());
            json.put("windowEnd", result.window().end().toString());
        }
        json.put("values", result.values().size());
        json.put("series", result.series());
        json.put("metrics", result.stats().metricsRequested());
        if (result.leftOut() > 0) {
            json.put("leftOut", result.leftOut());
        }
        if (result.progress() != null) {
            json.put("progress", result.progress().toString());
        }
        if (result.caughtUpTo() != null) {
            json.put("caughtUpTo", result.caughtUpTo().toString());
        }
        if (!result.notes().isEmpty()) {
            json.put("notes", result.notes());
        }
        return Json.write(json);
    }

    private static String quote(String text) {
        String oneLine = String.valueOf(text).replaceAll("[\\r\\n]+", " ");
        return '"' + oneLine.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
