package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.Configs;

import io.github.cognitomackerel.runtime.internal.Chunks;
import io.github.cognitomackerel.runtime.internal.ExportException;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.Measure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricQueryPlanTest {

    private static final Pattern ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");
    private static final String POOL = "ap-northeast-1_AbCdEf123";

    static ExporterConfig config(Map<String, String> extra) {
        return Configs.with(extra);
    }

    @Test
    void threeQueriesPerActivityAndClientWithIdsValidForCloudWatch() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "activities", "sign_up,sign_in,token_refresh"));
        PoolInventory inventory = PoolInventory.of(Map.of("webclient", Set.of(), "otherclient", Set.of()));
        MetricQueryPlan plan = MetricQueryPlan.build(config, inventory);

        assertEquals(List.of("web", "otherclient"), plan.clients());
        assertEquals(3 * 2 * 3, plan.queries().size());
        Set<String> ids = new HashSet<>();
        for (MetricQuery query : plan.queries()) {
            assertTrue(ID.matcher(query.id()).matches(), query.id());
            assertTrue(ids.add(query.id()), "duplicate " + query.id());
            assertTrue(query.measure().isQueried());
        }
        MetricQuery first = plan.queries().get(0);
        assertEquals("SignUpSuccesses", first.metricName());
        assertEquals("Sum", first.statistic());
        assertEquals("web", first.client());
        assertEquals(Map.of("UserPool", POOL, "UserPoolClient", "webclient"), first.dimensions());
        assertEquals(List.of("UserPool", "UserPoolClient"), List.copyOf(first.dimensions().keySet()));
        assertEquals(List.of("SignUpSuccesses/Sum", "SignUpSuccesses/SampleCount", "SignUpThrottles/Sum"),
                plan.queries().subList(0, 3).stream().map(q -> q.metricName() + "/" + q.statistic()).toList());
        MetricQuery raw = plan.queries().get(3);
        assertEquals("otherclient", raw.client());
        assertEquals("otherclient", raw.dimensions().get("UserPoolClient"));
    }

    @Test
    void cognitosAdminClientIsNamedInSnakeCaseButQueriedAsReported() {
        ExporterConfig config = config(Map.of("activities", "sign_up"));
        MetricQueryPlan plan = MetricQueryPlan.build(config, PoolInventory.of(Map.of("Admin", Set.of())));

        assertEquals(List.of("admin"), plan.clients());
        assertEquals("admin", plan.queries().get(0).client());
        assertEquals("Admin", plan.queries().get(0).dimensions().get("UserPoolClient"));
    }

    @Test
    void federationIsQueriedPerIdentityProviderSeen() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "clients.admins", "adminclient",
                "activities", "federation"));
        PoolInventory inventory = PoolInventory.of(Map.of("webclient", Set.of("Google", "SAML-Corp")));
        MetricQueryPlan plan = MetricQueryPlan.build(config, inventory);

        assertEquals(List.of("admins", "web"), plan.clients());
        assertEquals(2 * 3, plan.queries().size(), "admin has no federation metrics: no queries");
        assertEquals(Set.of("Google", "SAML-Corp"), plan.queries().stream()
                .map(q -> q.dimensions().get("IdentityProvider")).collect(java.util.stream.Collectors.toSet()));
        assertTrue(plan.queries().stream().allMatch(q -> q.client().equals("web")));
        assertEquals(List.of("UserPool", "UserPoolClient", "IdentityProvider"),
                List.copyOf(plan.queries().get(0).dimensions().keySet()));
    }

    @Test
    void chunksAtFiveHundredQueriesPerCall() {
        Map<String, Set<String>> clients = new java.util.TreeMap<>();
        for (int i = 0; i < 170; i++) {
            clients.put(String.format("client%03d", i), Set.of());
        }
        MetricQueryPlan plan = MetricQueryPlan.build(config(Map.of("activities", "sign_in")), PoolInventory.of(clients));
        assertEquals(510, plan.queries().size());
        List<List<MetricQuery>> calls = plan.calls();
        assertEquals(2, calls.size());
        assertEquals(500, calls.get(0).size());
        assertEquals(10, calls.get(1).size());
        assertEquals("q500", calls.get(1).get(0).id());

        Map<String, Set<String>> exact = new java.util.TreeMap<>(clients);
        exact.keySet().retainAll(List.copyOf(clients.keySet()).subList(0, 166));
        MetricQueryPlan plan498 = MetricQueryPlan.build(config(Map.of("activities", "sign_in")), PoolInventory.of(exact));
        assertEquals(1, plan498.calls().size());
    }

    @Test
    void noClientsNoQueries() {
        MetricQueryPlan plan = MetricQueryPlan.build(config(Map.of()), PoolInventory.empty());
        assertEquals(List.of(), plan.queries());
        assertEquals(List.of(), plan.calls());
    }

    @Test
    void aPoolClientWhoseIdEqualsAnotherClientsAliasIsAnError() {
        ExporterConfig config = config(Map.of("clients.abc", "realclient"));
        ExportException e = assertThrows(ExportException.class,
                () -> MetricQueryPlan.build(config, PoolInventory.of(Map.of("abc", Set.of()))));
        assertEquals("App client 'abc' of user pool ap-northeast-1_AbCdEf123 has the same name as the alias "
                + "'abc' (setting clients.abc) (which names client 'realclient'): rename that alias",
                e.getMessage());
    }

    @Test
    void inventoryKeepsCatalogMetricsWithAClient() {
        PoolInventory inventory = new PoolInventory.Builder()
                .add("SignInSuccesses", Map.of("UserPool", POOL, "UserPoolClient", "a"))
                .add("FederationSuccesses", Map.of("UserPool", POOL, "UserPoolClient", "b", "IdentityProvider", "Google"))
                .add("FederationThrottles", Map.of("UserPool", POOL, "UserPoolClient", "b", "IdentityProvider", "Okta"))
                .add("SignInSuccesses", Map.of("UserPool", POOL))
                .add("AccountTakeOverRisk", Map.of("UserPool", POOL, "UserPoolClient", "c"))
                .build();
        assertEquals(List.of("a", "b"), List.copyOf(inventory.clientIds()));
        assertEquals(List.of("Google", "Okta"), List.copyOf(inventory.identityProviders("b")));
        assertEquals(List.of(), List.copyOf(inventory.identityProviders("a")));
        assertEquals(List.of(), List.copyOf(inventory.identityProviders("zzz")));
    }

    private static final Map<String, String> WEB = Map.of("UserPool", POOL, "UserPoolClient", "webclient");
    private static final Map<String, String> MOBILE = Map.of("UserPool", POOL, "UserPoolClient", "mobileclient");

    private static Map<String, String> idp(Map<String, String> client, String idp) {
        Map<String, String> dims = new java.util.HashMap<>(client);
        dims.put("IdentityProvider", idp);
        return dims;
    }

    /** The sample app's pool: web and mobile, all four activities, two identity providers each, no throttle. */
    private static PoolInventory.Builder sampleApp() {
        PoolInventory.Builder builder = new PoolInventory.Builder();
        for (Map<String, String> client : List.of(WEB, MOBILE)) {
            for (String stem : List.of("SignUp", "SignIn", "TokenRefresh")) {
                builder.add(stem + "Successes", client);
            }
            builder.add("FederationSuccesses", idp(client, "Google"));
            builder.add("FederationSuccesses", idp(client, "SAML-Corp"));
        }
        return builder;
    }

    private static List<String> described(MetricQueryPlan plan) {
        return plan.queries().stream().map(q -> q.client() + ":" + q.metricName() + "/" + q.statistic()
                + (q.dimensions().containsKey("IdentityProvider") ? "@" + q.dimensions().get("IdentityProvider") : "")
                + (q.firstListed() ? "(new)" : "")).toList();
    }

    @Test
    void theSampleAppThatNeverThrottledRequestsTwentyMetricsAndNoThrottles() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "clients.mobile", "mobileclient"));
        PoolInventory inventory = sampleApp().build();
        MetricQueryPlan plan = MetricQueryPlan.build(config, inventory, java.util.Optional.of(inventory));

        assertEquals(20, plan.queries().size());
        assertTrue(plan.queries().stream().noneMatch(q -> q.measure() == Measure.THROTTLE));
        assertTrue(plan.queries().stream().noneMatch(MetricQuery::firstListed));
        assertEquals(List.of("mobile:SignUpSuccesses/Sum", "mobile:SignUpSuccesses/SampleCount",
                "web:SignUpSuccesses/Sum", "web:SignUpSuccesses/SampleCount"), described(plan).subList(0, 4));
    }

    @Test
    void namedClientsSuccessesAreRequestedListedOrNotOtherSeriesOnlyWhenListed() {
        ExporterConfig config = config(Map.of("clients.web", "webclient"));
        PoolInventory inventory = new PoolInventory.Builder()
                .add("SignInThrottles", Map.of("UserPool", POOL, "UserPoolClient", "other"))
                .add("TokenRefreshSuccesses", Map.of("UserPool", POOL, "UserPoolClient", "other"))
                // Not the series the exporter would request (an extra dimension): the client is known, no series.
                .add("SignUpSuccesses", Map.of("UserPool", POOL, "UserPoolClient", "odd", "Extra", "x"))
                .build();
        MetricQueryPlan plan = MetricQueryPlan.build(config, inventory, java.util.Optional.of(inventory));

        assertEquals(List.of("web", "odd", "other"), plan.clients());
        assertEquals(List.of(
                "web:SignUpSuccesses/Sum", "web:SignUpSuccesses/SampleCount",
                "web:SignInSuccesses/Sum", "web:SignInSuccesses/SampleCount",
                "other:SignInThrottles/Sum",
                "web:TokenRefreshSuccesses/Sum", "web:TokenRefreshSuccesses/SampleCount",
                "other:TokenRefreshSuccesses/Sum", "other:TokenRefreshSuccesses/SampleCount"), described(plan));
    }

    @Test
    void aSeriesMissingFromThePreviousListingIsFirstListedANamedClientsSuccessesNever() {
        ExporterConfig config = config(Map.of("clients.web", "webclient", "clients.mobile", "mobileclient"));
        PoolInventory before = sampleApp().build();
        PoolInventory now = sampleApp()
                .add("SignInThrottles", WEB)
                .add("FederationSuccesses", idp(MOBILE, "Okta"))
                .add("SignUpSuccesses", Map.of("UserPool", POOL, "UserPoolClient", "newclient"))
                .build();

        MetricQueryPlan warm = MetricQueryPlan.build(config, now, java.util.Optional.of(before));

        assertEquals(20 + 1 + 2 + 2, warm.queries().size());
        assertTrue(warm.hasFirstListed());
        assertEquals(List.of("newclient:SignUpSuccesses/Sum(new)", "newclient:SignUpSuccesses/SampleCount(new)",
                "web:SignInThrottles/Sum(new)", "mobile:FederationSuccesses/Sum@Okta(new)",
                "mobile:FederationSuccesses/SampleCount@Okta(new)"),
                described(warm).stream().filter(d -> d.endsWith("(new)")).toList());

        // A cold start cannot know: every series requested only because it is listed may be new.
        MetricQueryPlan cold = MetricQueryPlan.build(config, now, java.util.Optional.empty());
        assertEquals(warm.queries().size(), cold.queries().size());
        assertEquals(List.of(), cold.queries().stream()
                .filter(q -> !q.firstListed() && q.activity() != CognitoActivity.FEDERATION
                        && !(q.measure() != Measure.THROTTLE && List.of("web", "mobile").contains(q.client())))
                .map(MetricQuery::describe).toList(), "only the named clients' successes are not new");
        assertTrue(cold.queries().stream().filter(q -> q.activity() == CognitoActivity.FEDERATION)
                .allMatch(MetricQuery::firstListed));

        // Nothing listed (a new pool): the named clients' successes only, nothing to backfill.
        MetricQueryPlan empty = MetricQueryPlan.build(config, PoolInventory.empty(), java.util.Optional.empty());
        assertEquals(2 * 3 * 2, empty.queries().size());
        assertFalse(empty.hasFirstListed());
    }

    @Test
    void chunksSplitInOrder() {
        assertEquals(List.of(List.of(1, 2), List.of(3, 4), List.of(5)), Chunks.of(List.of(1, 2, 3, 4, 5), 2));
        assertEquals(List.of(List.of(1, 2)), Chunks.of(List.of(1, 2), 2));
        assertEquals(List.of(), Chunks.of(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> Chunks.of(List.of(1), 0));
    }
}
