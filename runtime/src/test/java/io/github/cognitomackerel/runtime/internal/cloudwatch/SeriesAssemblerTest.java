package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.run.Window;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.Measure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeriesAssemblerTest {

    private static final Instant T = Instant.parse("2026-11-23T12:05:00Z");
    private static final long P0 = Instant.parse("2026-11-23T11:50:00Z").getEpochSecond();
    private static final long P1 = P0 + 300;
    private static final long P2 = P0 + 600;

    private final Map<String, Map<Long, Double>> data = new HashMap<>();

    private static ExporterConfig config(Map<String, String> extra) {
        return MetricQueryPlanTest.config(extra);
    }

    /** Puts a value for the query of this activity, client segment, measure (and idp). */
    private void put(MetricQueryPlan plan, CognitoActivity activity, String client, String idp, Measure measure, long time,
            double value) {
        MetricQuery query = plan.queries().stream()
                .filter(q -> q.activity() == activity && q.client().equals(client) && q.measure() == measure
                        && (idp == null || idp.equals(q.dimensions().get("IdentityProvider"))))
                .findFirst().orElseThrow();
        data.computeIfAbsent(query.id(), id -> new LinkedHashMap<>()).put(time, value);
    }

    private static Map<String, Double> byNameAndTime(List<MetricValue> values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (MetricValue value : values) {
            assertTrue(map.put(value.name() + "@" + value.time(), value.value()) == null, "duplicate " + value);
        }
        return map;
    }

    @Test
    void zeroFillPostsEveryPeriodOfEverySeries() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "activities", "sign_in"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.empty());
        Window window = Window.endingAt(T, 300, 900);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.SUCCESS, P1, 3);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.ATTEMPT, P1, 5);

        List<MetricValue> values = SeriesAssembler.assemble(config, window, plan, data);
        assertEquals(2 * 4 * 3, values.size(), "web and total, 4 measures, 3 periods");
        Map<String, Double> v = byNameAndTime(values);
        assertEquals(3.0, v.get("cognito.sign_in.web.success@" + P1));
        assertEquals(5.0, v.get("cognito.sign_in.web.attempt@" + P1));
        assertEquals(2.0, v.get("cognito.sign_in.web.failure@" + P1));
        assertEquals(0.0, v.get("cognito.sign_in.web.throttle@" + P1));
        assertEquals(0.0, v.get("cognito.sign_in.web.success@" + P0));
        assertEquals(0.0, v.get("cognito.sign_in.web.failure@" + P2));
        assertEquals(3.0, v.get("cognito.sign_in.total.success@" + P1));
        assertEquals(List.of(P0, P1, P2), values.subList(0, 3).stream().map(MetricValue::time).toList());
        assertEquals("cognito.sign_in.web.success", values.get(0).name());
    }

    @Test
    void withoutZeroFillOnlyPeriodsWithDataArePostedAndFailureNeedsBothInputs() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "activities", "sign_in", "zero-fill", "false"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("webclient", Set.of())));
        Window window = Window.endingAt(T, 300, 900);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.SUCCESS, P1, 3);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.ATTEMPT, P1, 4);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.ATTEMPT, P2, 1);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.THROTTLE, P0, 0);

        Map<String, Double> v = byNameAndTime(SeriesAssembler.assemble(config, window, plan, data));
        assertEquals(Map.of(
                "cognito.sign_in.web.success@" + P1, 3.0,
                "cognito.sign_in.web.attempt@" + P1, 4.0,
                "cognito.sign_in.web.attempt@" + P2, 1.0,
                "cognito.sign_in.web.failure@" + P1, 1.0,
                "cognito.sign_in.web.throttle@" + P0, 0.0,
                "cognito.sign_in.total.success@" + P1, 3.0,
                "cognito.sign_in.total.attempt@" + P1, 4.0,
                "cognito.sign_in.total.attempt@" + P2, 1.0,
                "cognito.sign_in.total.failure@" + P1, 1.0,
                "cognito.sign_in.total.throttle@" + P0, 0.0), v);
    }

    @Test
    void totalsSumEveryClientAndFederationSumsIdentityProviders() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "clients.admins", "adminclient",
                "activities", "sign_up,federation"));
        PoolInventory inventory = PoolInventory.of(Map.of("webclient", Set.of("Google", "Okta"),
                "rawclient", Set.of("Google")));
        MetricQueryPlan plan = MetricQueryPlan.build(config, inventory);
        Window window = Window.endingAt(T, 300, 900);
        put(plan, CognitoActivity.SIGN_UP, "web", null, Measure.SUCCESS, P0, 2);
        put(plan, CognitoActivity.SIGN_UP, "admins", null, Measure.SUCCESS, P0, 1);
        put(plan, CognitoActivity.SIGN_UP, "rawclient", null, Measure.SUCCESS, P0, 4);
        put(plan, CognitoActivity.FEDERATION, "web", "Google", Measure.SUCCESS, P1, 5);
        put(plan, CognitoActivity.FEDERATION, "web", "Okta", Measure.SUCCESS, P1, 2);
        put(plan, CognitoActivity.FEDERATION, "web", "Google", Measure.ATTEMPT, P1, 6);
        put(plan, CognitoActivity.FEDERATION, "web", "Okta", Measure.ATTEMPT, P1, 4);
        put(plan, CognitoActivity.FEDERATION, "rawclient", "Google", Measure.SUCCESS, P1, 1);
        put(plan, CognitoActivity.FEDERATION, "rawclient", "Google", Measure.ATTEMPT, P1, 1);
        put(plan, CognitoActivity.FEDERATION, "web", "Okta", Measure.THROTTLE, P2, 7);

        List<MetricValue> values = SeriesAssembler.assemble(config, window, plan, data);
        Map<String, Double> v = byNameAndTime(values);
        assertEquals(7.0, v.get("cognito.sign_up.total.success@" + P0));
        assertEquals(4.0, v.get("cognito.sign_up.rawclient.success@" + P0));
        assertEquals(7.0, v.get("cognito.federation.web.success@" + P1));
        assertEquals(10.0, v.get("cognito.federation.web.attempt@" + P1));
        assertEquals(3.0, v.get("cognito.federation.web.failure@" + P1));
        assertEquals(7.0, v.get("cognito.federation.web.throttle@" + P2));
        assertEquals(8.0, v.get("cognito.federation.total.success@" + P1));
        assertEquals(11.0, v.get("cognito.federation.total.attempt@" + P1));
        assertEquals(3.0, v.get("cognito.federation.total.failure@" + P1));
        assertEquals(0.0, v.get("cognito.federation.admins.success@" + P1),
                "a configured client without federation metrics gets zeros");
        Set<String> names = values.stream().map(MetricValue::name).collect(Collectors.toSet());
        assertEquals(2 * 4 * 4, names.size(), "2 activities x (admins, web, rawclient, total) x 4 measures");
    }

    @Test
    void legacyNamesCopyTheChosenClientsSignIn() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "activities", "sign_in",
                "legacy-metric-names-client", "web"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("other", Set.of())));
        Window window = Window.endingAt(T, 300, 900);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.SUCCESS, P1, 3);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.ATTEMPT, P1, 5);
        put(plan, CognitoActivity.SIGN_IN, "other", null, Measure.SUCCESS, P1, 100);

        Map<String, Double> v = byNameAndTime(SeriesAssembler.assemble(config, window, plan, data));
        assertEquals(3.0, v.get("cognito.SignIn_Success@" + P1));
        assertEquals(5.0, v.get("cognito.SignIn_Attempt@" + P1));
        assertEquals(0.0, v.get("cognito.SignIn_Success@" + P0));
        assertFalse(v.containsKey("cognito.SignIn_Failure@" + P1));
    }

    @Test
    void legacyNamesForTotal() {
        ExporterConfig config = config(Map.of("activities", "sign_in", "legacy-metric-names-client", "total"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("a", Set.of(), "b", Set.of())));
        put(plan, CognitoActivity.SIGN_IN, "a", null, Measure.SUCCESS, P1, 3);
        put(plan, CognitoActivity.SIGN_IN, "b", null, Measure.SUCCESS, P1, 4);
        Map<String, Double> v = byNameAndTime(SeriesAssembler.assemble(config, Window.endingAt(T, 300, 900), plan, data));
        assertEquals(7.0, v.get("cognito.SignIn_Success@" + P1));
    }

    @Test
    void pointsOutsideTheWindowAreIgnoredAndCountsStayIntegral() {
        ExporterConfig config = config(Map.of("activities", "sign_in", "zero-fill", "false"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("a", Set.of())));
        put(plan, CognitoActivity.SIGN_IN, "a", null, Measure.SUCCESS, P0 - 300, 9);
        put(plan, CognitoActivity.SIGN_IN, "a", null, Measure.SUCCESS, P2 + 300, 9);
        put(plan, CognitoActivity.SIGN_IN, "a", null, Measure.SUCCESS, P0 + 7, 9);
        assertEquals(List.of(), SeriesAssembler.assemble(config, Window.endingAt(T, 300, 900), plan, data));
    }

    @Test
    void aRawClientIdThatMackerelRejectsNamesTheFix() {
        ExporterConfig config = config(Map.of("activities", "sign_in"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("odd+id", Set.of())));
        ExportException e = assertThrows(ExportException.class,
                () -> SeriesAssembler.assemble(config, Window.endingAt(T, 300, 900), plan, data));
        assertEquals("Metric name 'cognito.sign_in.odd+id.success' is not valid for Mackerel (allowed: "
                + "[a-zA-Z0-9._-]): give app client 'odd+id' an alias (prop clients, setting clients.<alias>)",
                e.getMessage());
    }

    @Test
    void failureIsNeverNegative() {
        ExporterConfig config = config(Map.of("activities", "sign_in"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("a", Set.of())));
        put(plan, CognitoActivity.SIGN_IN, "a", null, Measure.SUCCESS, P1, 3);
        Map<String, Double> v = byNameAndTime(SeriesAssembler.assemble(config, Window.endingAt(T, 300, 900), plan, data));
        assertEquals(0.0, v.get("cognito.sign_in.a.failure@" + P1));
    }

    @Test
    void backfillPeriodsCarryOnlyTheNamesAFirstListedSeriesFeedsAndOnlyWhereThereIsData() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "activities", "sign_in,federation",
                "legacy-metric-names-client", "total"));
        PoolInventory previous = new PoolInventory.Builder()
                .add("SignInSuccesses", Map.of("UserPool", "p", "UserPoolClient", "webclient"))
                .add("FederationSuccesses", Map.of("UserPool", "p", "UserPoolClient", "webclient",
                        "IdentityProvider", "Google"))
                .build();
        PoolInventory now = new PoolInventory.Builder()
                .add("SignInSuccesses", Map.of("UserPool", "p", "UserPoolClient", "webclient"))
                .add("SignInThrottles", Map.of("UserPool", "p", "UserPoolClient", "webclient"))
                .add("FederationSuccesses", Map.of("UserPool", "p", "UserPoolClient", "webclient",
                        "IdentityProvider", "Google"))
                .add("FederationSuccesses", Map.of("UserPool", "p", "UserPoolClient", "webclient",
                        "IdentityProvider", "Okta"))
                .build();
        MetricQueryPlan plan = MetricQueryPlan.build(config, now, java.util.Optional.of(previous));
        Window window = Window.endingAt(T, 300, 900);
        long b0 = P0 - 600;
        long b1 = P0 - 300;
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.SUCCESS, b1, 8); // known series: not re-posted
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.ATTEMPT, b1, 9);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.THROTTLE, b1, 4); // new series
        put(plan, CognitoActivity.FEDERATION, "web", "Google", Measure.SUCCESS, b0, 1); // known, feeds a new name
        put(plan, CognitoActivity.FEDERATION, "web", "Google", Measure.ATTEMPT, b0, 1);
        put(plan, CognitoActivity.FEDERATION, "web", "Okta", Measure.SUCCESS, b1, 2); // new series
        put(plan, CognitoActivity.FEDERATION, "web", "Okta", Measure.ATTEMPT, b1, 5);
        put(plan, CognitoActivity.SIGN_IN, "web", null, Measure.THROTTLE, P2, 1);

        List<MetricValue> values = SeriesAssembler.assemble(config, window, Instant.ofEpochSecond(b0), plan, data);

        Map<String, Double> backfilled = new java.util.TreeMap<>();
        values.stream().filter(v -> v.time() < P0).forEach(v -> backfilled.put(v.name() + "@" + v.time(), v.value()));
        Map<String, Double> expected = new java.util.TreeMap<>();
        expected.put("cognito.sign_in.web.throttle@" + b1, 4.0);
        expected.put("cognito.sign_in.total.throttle@" + b1, 4.0);
        for (String client : List.of("web", "total")) {
            expected.put("cognito.federation." + client + ".success@" + b0, 1.0);
            expected.put("cognito.federation." + client + ".attempt@" + b0, 1.0);
            expected.put("cognito.federation." + client + ".failure@" + b0, 0.0);
            expected.put("cognito.federation." + client + ".success@" + b1, 2.0);
            expected.put("cognito.federation." + client + ".attempt@" + b1, 5.0);
            expected.put("cognito.federation." + client + ".failure@" + b1, 3.0);
        }
        assertEquals(expected, backfilled, "no sign-in success/attempt (not new), no federation throttle (not"
                + " listed), no legacy names (fed by web's known SignInSuccesses), no zeros where nothing is known");
        Map<String, Double> v = byNameAndTime(values);
        assertEquals(1.0, v.get("cognito.sign_in.web.throttle@" + P2));
        assertEquals(0.0, v.get("cognito.sign_in.web.throttle@" + P0), "the window is zero-filled as always");
        assertEquals(2 * 2 * 4 * 3 + 2 * 3 + expected.size(), values.size());
        assertEquals(List.of(b1, P0, P1, P2), values.stream().filter(x -> x.name().equals(
                "cognito.sign_in.web.throttle")).map(MetricValue::time).toList(), "ascending time per series");
    }

    @Test
    void aFirstListedClientFeedsTheLegacyTotalNames() {
        ExporterConfig config = config(Map.of("activities", "sign_in", "legacy-metric-names-client", "total",
                "zero-fill", "false"));
        PoolInventory now = PoolInventory.of(Map.of("newclient", Set.of()));
        MetricQueryPlan plan = MetricQueryPlan.build(config, now, java.util.Optional.empty());
        long b = P0 - 300;
        put(plan, CognitoActivity.SIGN_IN, "newclient", null, Measure.SUCCESS, b, 2);
        put(plan, CognitoActivity.SIGN_IN, "newclient", null, Measure.ATTEMPT, b, 3);

        Map<String, Double> v = byNameAndTime(SeriesAssembler.assemble(config, Window.endingAt(T, 300, 900),
                Instant.ofEpochSecond(b), plan, data));

        assertEquals(Map.of("cognito.sign_in.newclient.success@" + b, 2.0,
                "cognito.sign_in.newclient.attempt@" + b, 3.0,
                "cognito.sign_in.newclient.failure@" + b, 1.0,
                "cognito.sign_in.total.success@" + b, 2.0,
                "cognito.sign_in.total.attempt@" + b, 3.0,
                "cognito.sign_in.total.failure@" + b, 1.0,
                "cognito.SignIn_Success@" + b, 2.0,
                "cognito.SignIn_Attempt@" + b, 3.0), v);
    }

    @Test
    void valuesSerializeAsMackerelExpects() {
        assertEquals("{\"name\":\"cognito.sign_in.total.success\",\"time\":1795000000,\"value\":3}",
                Json.write(new MetricValue("cognito.sign_in.total.success", 1_795_000_000L, 3.0).toMap()));
    }
}
