package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.run.Window;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.Measure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw CloudWatch results of a {@link MetricQueryPlan} into the Mackerel values of one run. Sums
 * federation over identity providers per client and every client into {@code total}; derives failure as attempt
 * minus success; with zero-fill posts 0 for every period without data (a series the plan does not request has no
 * data, so it is posted as 0 too), without it posts only periods with data (and failure only where both inputs
 * exist); adds the legacy names when configured. Checks every name against Mackerel's rule.
 *
 * <p>Backfill: periods read before the window (see {@link ListingMemory}) are posted only for the names that a
 * {@link MetricQuery#firstListed() first-listed} query feeds (its client's and {@code total}'s, failure included),
 * and only where one of the name's queries has a datapoint: a true value replaces a 0 posted while CloudWatch did
 * not list the series yet; where there is no datapoint the 0 already posted is right, and nothing is posted for
 * periods before the exporter's first run. Pure: no AWS calls.
 */
public final class SeriesAssembler {

    private SeriesAssembler() {
    }

    /** Like {@link #assemble(Config, Window, Instant, MetricQueryPlan, Map)} without backfill periods. */
    public static List<MetricValue> assemble(ExporterConfig config, Window window, MetricQueryPlan plan,
            Map<String, Map<Long, Double>> data) {
        return assemble(config, window, window.start(), plan, data);
    }

    /**
     * The values to post, grouped by series (activity, client, measure), each series by ascending time.
     *
     * @param backfillFrom the first period start read (at or before the window's start): periods before the window
     *     are backfill periods
     * @param data per query id: period start (epoch seconds) to value, as CloudWatch returned them
     * @throws ExportException when a name is not valid for Mackerel (e.g. an odd raw client id)
     */
    public static List<MetricValue> assemble(ExporterConfig config, Window window, Instant backfillFrom, MetricQueryPlan plan,
            Map<String, Map<Long, Double>> data) {
        List<Long> periods = window.periodStarts();
        List<Long> backfillPeriods = new ArrayList<>();
        for (long s = backfillFrom.getEpochSecond(); s < window.start().getEpochSecond(); s += window.periodSeconds()) {
            backfillPeriods.add(s);
        }
        Set<Long> inWindow = new HashSet<>(periods);
        inWindow.addAll(backfillPeriods);

        List<String> clients = new ArrayList<>(plan.clients());
        clients.add(Catalog.TOTAL);
        Map<CognitoActivity, Map<String, Map<Measure, Map<Long, Double>>>> sums = new EnumMap<>(CognitoActivity.class);
        Map<CognitoActivity, Map<String, Set<Measure>>> firstListed = new EnumMap<>(CognitoActivity.class);
        for (CognitoActivity activity : config.activities()) {
            Map<String, Map<Measure, Map<Long, Double>>> byClient = new LinkedHashMap<>();
            Map<String, Set<Measure>> newByClient = new HashMap<>();
            for (String client : clients) {
                byClient.put(client, new EnumMap<>(Measure.class));
                newByClient.put(client, EnumSet.noneOf(Measure.class));
            }
            sums.put(activity, byClient);
            firstListed.put(activity, newByClient);
        }
        for (MetricQuery query : plan.queries()) {
            Map<Long, Double> points = data.getOrDefault(query.id(), Map.of());
            Map<String, Map<Measure, Map<Long, Double>>> byClient = sums.get(query.activity());
            if (query.firstListed()) {
                for (String client : List.of(query.client(), Catalog.TOTAL)) {
                    firstListed.get(query.activity()).get(client).add(query.measure());
                }
            }
            for (Map.Entry<Long, Double> point : points.entrySet()) {
                Long time = point.getKey();
                Double value = point.getValue();
                if (!inWindow.contains(time) || value == null || !Double.isFinite(value)) {
                    continue;
                }
                for (String client : List.of(query.client(), Catalog.TOTAL)) {
                    byClient.get(client).computeIfAbsent(query.measure(), m -> new HashMap<>())
                            .merge(time, value, Double::sum);
                }
            }
        }

        List<MetricValue> values = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CognitoActivity activity : config.activities()) {
            for (String client : clients) {
                Map<Measure, Map<Long, Double>> measures = sums.get(activity).get(client);
                Set<Measure> fresh = firstListed.get(activity).get(client);
                for (Measure measure : Measure.values()) {
                    String name = Catalog.metricName(config.metricNamePrefix(), activity, client, measure);
                    checkName(config, name, client, names);
                    values.addAll(backfill(name, measure, measures, fresh, backfillPeriods, config.zeroFill()));
                    values.addAll(series(name, measure, measures, periods, config.zeroFill()));
                }
            }
        }
        config.legacyClient().ifPresent(client -> {
            Map<Measure, Map<Long, Double>> measures = sums.get(CognitoActivity.SIGN_IN).get(client);
            Set<Measure> fresh = firstListed.get(CognitoActivity.SIGN_IN).get(client);
            Map<String, Measure> legacyNames = new LinkedHashMap<>();
            legacyNames.put(Catalog.LEGACY_SIGN_IN_SUCCESS, Measure.SUCCESS);
            legacyNames.put(Catalog.LEGACY_SIGN_IN_ATTEMPT, Measure.ATTEMPT);
            for (Map.Entry<String, Measure> legacy : legacyNames.entrySet()) {
                checkName(config, legacy.getKey(), client, names);
                values.addAll(backfill(legacy.getKey(), legacy.getValue(), measures, fresh, backfillPeriods,
                        config.zeroFill()));
                values.addAll(series(legacy.getKey(), legacy.getValue(), measures, periods, config.zeroFill()));
            }
        });
        return values;
    }

    /** A name's values in the backfill periods: only if a first-listed query feeds it, only where it has data. */
    private static List<MetricValue> backfill(String name, Measure measure, Map<Measure, Map<Long, Double>> measures,
            Set<Measure> firstListed, List<Long> backfillPeriods, boolean zeroFill) {
        Set<Measure> inputs = measure == Measure.FAILURE ? EnumSet.of(Measure.ATTEMPT, Measure.SUCCESS)
                : EnumSet.of(measure);
        if (backfillPeriods.isEmpty() || inputs.stream().noneMatch(firstListed::contains)) {
            return List.of();
        }
        List<Long> withData = new ArrayList<>();
        for (long time : backfillPeriods) {
            if (inputs.stream().anyMatch(m -> measures.getOrDefault(m, Map.of()).containsKey(time))) {
                withData.add(time);
            }
        }
        return series(name, measure, measures, withData, zeroFill);
    }

    private static List<MetricValue> series(String name, Measure measure, Map<Measure, Map<Long, Double>> measures,
            List<Long> periods, boolean zeroFill) {
        List<MetricValue> values = new ArrayList<>();
        for (long time : periods) {
            Double value;
            if (measure == Measure.FAILURE) {
                Double attempt = value(measures, Measure.ATTEMPT, time, zeroFill);
                Double success = value(measures, Measure.SUCCESS, time, zeroFill);
                // SampleCount >= Sum for 0/1 samples; never report a negative count.
                value = attempt == null || success == null ? null : Math.max(0, attempt - success);
            } else {
                value = value(measures, measure, time, zeroFill);
            }
            if (value != null) {
                values.add(new MetricValue(name, time, value));
            }
        }
        return values;
    }

    private static Double value(Map<Measure, Map<Long, Double>> measures, Measure measure, long time,
            boolean zeroFill) {
        Double value = measures.getOrDefault(measure, Map.of()).get(time);
        return value == null && zeroFill ? Double.valueOf(0) : value;
    }

    private static void checkName(ExporterConfig config, String name, String client, Set<String> names) {
        if (!Catalog.isValidMackerelName(name)) {
            boolean rawClientId = !config.clients().containsKey(client) && !client.equals(Catalog.TOTAL);
            throw new ExportException("Metric name '" + name + "' is not valid for Mackerel (allowed: "
                    + "[a-zA-Z0-9._-])" + (rawClientId ? ": give app client '" + client + "' an alias (prop clients, setting "
                    + ExporterSettings.CLIENT_PREFIX + "<alias>)" : ""));
        }
        if (!names.add(name)) {
            throw new ExportException("Metric name '" + name + "' would be posted twice: check the aliases (prop clients, settings "
                    + ExporterSettings.CLIENT_PREFIX + "<alias>)");
        }
    }
}
