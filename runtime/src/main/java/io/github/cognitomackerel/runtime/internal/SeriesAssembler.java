package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.Measure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw CloudWatch results of a {@link MetricQueryPlan} into the Mackerel values of one run. Sums
 * federation over identity providers per client and every client into {@code total}; derives failure as attempt
 * minus success; with zero-fill posts 0 for every period without data, without it posts only periods with data (and
 * failure only where both inputs exist); adds the legacy names when configured. Checks every name against Mackerel's
 * rule. Pure: no AWS calls.
 */
public final class SeriesAssembler {

    private SeriesAssembler() {
    }

    /**
     * The values to post, grouped by series (activity, client, measure), each series by ascending time.
     *
     * @param data per query id: period start (epoch seconds) to value, as CloudWatch returned them
     * @throws ExportException when a name is not valid for Mackerel (e.g. an odd raw client id)
     */
    public static List<MetricValue> assemble(ExporterConfig config, Window window, MetricQueryPlan plan,
            Map<String, Map<Long, Double>> data) {
        List<Long> periods = window.periodStarts();
        Set<Long> inWindow = new HashSet<>(periods);

        List<String> clients = new ArrayList<>(plan.clients());
        clients.add(Catalog.TOTAL);
        Map<CognitoActivity, Map<String, Map<Measure, Map<Long, Double>>>> sums = new EnumMap<>(CognitoActivity.class);
        for (CognitoActivity activity : config.activities()) {
            Map<String, Map<Measure, Map<Long, Double>>> byClient = new LinkedHashMap<>();
            for (String client : clients) {
                byClient.put(client, new EnumMap<>(Measure.class));
            }
            sums.put(activity, byClient);
        }
        for (MetricQuery query : plan.queries()) {
            Map<Long, Double> points = data.getOrDefault(query.id(), Map.of());
            Map<String, Map<Measure, Map<Long, Double>>> byClient = sums.get(query.activity());
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
                for (Measure measure : Measure.values()) {
                    String name = Catalog.metricName(config.metricNamePrefix(), activity, client, measure);
                    checkName(config, name, client, names);
                    values.addAll(series(name, measure, measures, periods, config.zeroFill()));
                }
            }
        }
        config.legacyClient().ifPresent(client -> {
            Map<Measure, Map<Long, Double>> measures = sums.get(CognitoActivity.SIGN_IN).get(client);
            Map<String, Measure> legacyNames = new LinkedHashMap<>();
            legacyNames.put(Catalog.LEGACY_SIGN_IN_SUCCESS, Measure.SUCCESS);
            legacyNames.put(Catalog.LEGACY_SIGN_IN_ATTEMPT, Measure.ATTEMPT);
            for (Map.Entry<String, Measure> legacy : legacyNames.entrySet()) {
                checkName(config, legacy.getKey(), client, names);
                values.addAll(series(legacy.getKey(), legacy.getValue(), measures, periods, config.zeroFill()));
            }
        });
        return values;
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
