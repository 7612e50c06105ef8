package io.github.cognitomackerel.runtime.internal;

/** Counters of one run: the calls it made, retries and values posted. Mutable, owned by one run. */
public final class RunStats {
    int getMetricDataCalls;
    int metricsRequested;
    int listMetricsCalls;
    int ssmCalls;
    int mackerelCalls;
    int retries;
    int posted;

    public int getMetricDataCalls() {
        return getMetricDataCalls;
    }

    /**
     * Metrics requested from GetMetricData, each statistic of a metric counted (what CloudWatch bills), summed over
     * the run's GetMetricData requests.
     */
    public int metricsRequested() {
        return metricsRequested;
    }

    public int listMetricsCalls() {
        return listMetricsCalls;
    }

    public int ssmCalls() {
        return ssmCalls;
    }

    /** HTTP requests sent to Mackerel, retries included. */
    public int mackerelCalls() {
        return mackerelCalls;
    }

    /** Mackerel requests that were retries of an earlier one. */
    public int retries() {
        return retries;
    }

    /** Values Mackerel accepted. */
    public int posted() {
        return posted;
    }

    /** {@code getMetricData:1,listMetrics:0,ssm:0,mackerel:1}. */
    public String calls() {
        return "getMetricData:" + getMetricDataCalls + ",listMetrics:" + listMetricsCalls + ",ssm:" + ssmCalls
                + ",mackerel:" + mackerelCalls;
    }
}
