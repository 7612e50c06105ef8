package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.P0;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P1;
import static io.github.cognitomackerel.runtime.wire.WireFixture.P2;
import static io.github.cognitomackerel.runtime.wire.WireFixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CloudWatch paging: GetMetricData pages (NextToken), ListMetrics pages, and plans above 500 queries. */
class CloudWatchPagingWireTest extends WireTest {

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    @Test
    void followsGetMetricDataPagesAndListMetricsPagesToTheSameValues() {
        fixture.seedStandardActivity();
        // 19 data points in the window over 24 queries; 3 points a page -> 7 pages
        fixture.cloudWatch.setMaxDatapointsPerPage(3);
        // 9 metrics in the pool; 4 a page -> 3 pages
        fixture.cloudWatch.setListMetricsPageSize(4);

        fixture.invoke(fixture.handler()).assertOk();

        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        List<RecordedRequest> pages = fixture.cloudWatch.requests("GetMetricData");
        assertEquals(7, pages.size());
        assertNull(pages.get(0).decodedObject().get("NextToken"));
        for (int i = 1; i < pages.size(); i++) {
            Map<String, Object> page = pages.get(i).decodedObject();
            assertTrue(page.get("NextToken") instanceof String, "page " + i + " carries the NextToken");
            assertEquals(withoutToken(pages.get(0).decodedObject()), withoutToken(page),
                    "page " + i + " repeats the first request");
        }
        List<RecordedRequest> lists = fixture.cloudWatch.requests("ListMetrics");
        assertEquals(3, lists.size());
        assertEquals(1, fixture.mackerelPosts());
        fixture.assertNoViolations();
    }

    @Test
    void splitsMoreThan500QueriesIntoCallsOfAtMost500() {
        // 2 configured clients (3 activities x Successes Sum and SampleCount) and 58 more found in the pool with
        // Successes and Throttles of 3 activities listed (x 3 statistics): 12 + 522 = 534 queries
        List<String> discovered = new ArrayList<>();
        for (int i = 0; i < 58; i++) {
            String clientId = String.format("pool%02dclient7f1s6vn0kq2m8h", i);
            discovered.add(clientId);
            for (String stem : List.of("SignUp", "SignIn", "TokenRefresh")) {
                fixture.attempts(stem, clientId, P1 + i, 1, 0);
                fixture.throttles(stem, clientId, P1 + i, 1);
            }
        }
        fixture.attempts("SignIn", WireFixture.WEB, P0, 2, 1);
        fixture.attempts("SignUp", WireFixture.MOBILE, P2, 0, 3);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        // 4 activities x 61 clients (total included) x 4 measures x 3 periods
        assertTrue(run.assertOk().contains("\"values\":2928,\"series\":976"), run.output());
        List<String> clients = new ArrayList<>(List.of("web", "mobile"));
        clients.addAll(discovered);
        clients.add("total");
        Map<String, Map<Long, Double>> expected = WireFixture.zeros("cognito", WireFixture.ACTIVITIES, clients,
                List.of(P0, P1, P2));
        for (String clientId : discovered) {
            for (String activity : List.of("sign_up", "sign_in", "token_refresh")) {
                set(expected, "cognito." + activity + "." + clientId, P1, 1, 1, 0, 1);
                set(expected, "cognito." + activity + ".total", P1, 58, 58, 0, 58);
            }
        }
        set(expected, "cognito.sign_in.web", P0, 2, 3, 1, 0);
        set(expected, "cognito.sign_in.total", P0, 2, 3, 1, 0);
        set(expected, "cognito.sign_up.mobile", P2, 0, 3, 3, 0);
        set(expected, "cognito.sign_up.total", P2, 0, 3, 3, 0);
        assertEquals(expected, fixture.dataValues());

        List<RecordedRequest> calls = fixture.cloudWatch.requests("GetMetricData");
        assertEquals(2, calls.size());
        List<Integer> sizes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RecordedRequest call : calls) {
            List<?> queries = (List<?>) call.decodedObject().get("MetricDataQueries");
            sizes.add(queries.size());
            queries.forEach(q -> assertTrue(ids.add((String) ((Map<?, ?>) q).get("Id")), "ids are unique"));
            assertFalse(call.decodedObject().containsKey("NextToken"));
        }
        assertEquals(List.of(500, 34), sizes);
        // 2928 values in POSTs of the default 1000; the heartbeat's three values ride in the last one
        assertEquals(3, fixture.mackerelPosts());
        List<Integer> posted = new ArrayList<>();
        fixture.mackerel.requests().forEach(r -> posted.add(((List<?>) r.decodedBody()).size()));
        assertEquals(List.of(1000, 1000, 931), posted);
        assertTrue(run.summary().contains("calls=getMetricData:2,listMetrics:1,ssm:2,mackerel:3 "), run.summary());
        fixture.assertNoViolations();
    }

    private static Map<String, Object> withoutToken(Map<String, Object> request) {
        Map<String, Object> copy = new LinkedHashMap<>(request);
        copy.remove("NextToken");
        return copy;
    }
}
