package io.github.cognitomackerel.runtime.internal.run;

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

    /** Counts one SSM call (GetParameter, GetParameters or PutParameter). */
    public void countSsmCall() {
        ssmCalls++;
    }

    /** Counts one ListMetrics call. */
    public void countListMetricsCall() {
        listMetricsCalls++;
    }

    /** Counts one GetMetricData call asking for {@code metrics} metrics (each statistic counted). */
    public void countGetMetricDataCall(int metrics) {
        getMetricDataCalls++;
        metricsRequested += metrics;
    }

    /** Counts one HTTP request sent to Mackerel, and whether it retried an earlier one. */
    public void countMackerelCall(boolean retry) {
        mackerelCalls++;
        if (retry) {
            retries++;
        }
    }

    /** Counts {@code values} values Mackerel accepted. */
    public void countPosted(int values) {
        posted += values;
    }

    /** {@code getMetricData:1,listMetrics:0,ssm:0,mackerel:1}. */
    public String calls() {
        return "getMetricData:" + getMetricDataCalls + ",listMetrics:" + listMetricsCalls + ",ssm:" + ssmCalls
                + ",mackerel:" + mackerelCalls;
    }
}
