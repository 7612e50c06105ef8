package io.github.cognitomackerel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void namesFollowPrefixActivityClientMeasure() {
        assertEquals("cognito.sign_in.web.success",
                Catalog.metricName("cognito", Activity.SIGN_IN, "web", Measure.SUCCESS));
        assertEquals("my.app.token_refresh.total.throttle",
                Catalog.metricName("my.app", Activity.TOKEN_REFRESH, "total", Measure.THROTTLE));
    }

    @Test
    void everyNameIsUniqueAndValidForMackerel() {
        List<String> names = Catalog.metricNames("cognito", List.of(Activity.values()),
                List.of("web", "mobile", "1example23456789abcdefghij"), true);
        assertEquals(4 * 4 * 4 + 2, names.size());
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names: " + names);
        for (String name : names) {
            assertTrue(Catalog.isValidMackerelName(name), name);
        }
        assertTrue(names.contains("cognito.federation.total.failure"));
        assertTrue(names.contains("cognito.SignIn_Success"));
        assertTrue(names.contains("cognito.SignIn_Attempt"));
    }

    @Test
    void activitiesAndMeasuresMapToCloudWatch() {
        assertEquals(List.of("sign_up", "sign_in", "token_refresh", "federation"),
                List.of(Activity.values()).stream().map(Activity::id).toList());
        assertEquals("SignUpSuccesses", Measure.SUCCESS.cloudWatchMetric(Activity.SIGN_UP));
        assertEquals("Sum", Measure.SUCCESS.statistic());
        assertEquals("SignInSuccesses", Measure.ATTEMPT.cloudWatchMetric(Activity.SIGN_IN));
        assertEquals("SampleCount", Measure.ATTEMPT.statistic());
        assertEquals("TokenRefreshThrottles", Measure.THROTTLE.cloudWatchMetric(Activity.TOKEN_REFRESH));
        assertEquals("FederationSuccesses", Measure.SUCCESS.cloudWatchMetric(Activity.FEDERATION));
        assertFalse(Measure.FAILURE.isQueried());
        assertTrue(Activity.FEDERATION.perIdentityProvider());
        assertFalse(Activity.SIGN_IN.perIdentityProvider());
        assertEquals(Optional.of(Activity.FEDERATION), Activity.fromCloudWatchMetric("FederationThrottles"));
        assertEquals(Optional.empty(), Activity.fromCloudWatchMetric("CallCount"));
        assertEquals(Optional.of(Activity.TOKEN_REFRESH), Activity.fromId("token_refresh"));
        assertEquals(Optional.empty(), Activity.fromId("SignIn"));
    }

    @Test
    void mackerelNameRule() {
        assertTrue(Catalog.isValidMackerelName("a.B-c_9"));
        assertFalse(Catalog.isValidMackerelName(""));
        assertFalse(Catalog.isValidMackerelName(null));
        assertFalse(Catalog.isValidMackerelName("a b"));
        assertFalse(Catalog.isValidMackerelName("a+b"));
        assertFalse(Catalog.isValidMackerelName("a/b"));
        assertFalse(Catalog.isValidMackerelName("\u00e9"));
    }
}
