package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.Measure;
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
                Catalog.metricName("cognito", CognitoActivity.SIGN_IN, "web", Measure.SUCCESS));
        assertEquals("my.app.token_refresh.total.throttle",
                Catalog.metricName("my.app", CognitoActivity.TOKEN_REFRESH, "total", Measure.THROTTLE));
    }

    @Test
    void everyNameIsUniqueAndValidForMackerel() {
        List<String> names = Catalog.metricNames("cognito", List.of(CognitoActivity.values()),
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
                List.of(CognitoActivity.values()).stream().map(CognitoActivity::id).toList());
        assertEquals("SignUpSuccesses", Measure.SUCCESS.cloudWatchMetric(CognitoActivity.SIGN_UP));
        assertEquals("Sum", Measure.SUCCESS.statistic());
        assertEquals("SignInSuccesses", Measure.ATTEMPT.cloudWatchMetric(CognitoActivity.SIGN_IN));
        assertEquals("SampleCount", Measure.ATTEMPT.statistic());
        assertEquals("TokenRefreshThrottles", Measure.THROTTLE.cloudWatchMetric(CognitoActivity.TOKEN_REFRESH));
        assertEquals("FederationSuccesses", Measure.SUCCESS.cloudWatchMetric(CognitoActivity.FEDERATION));
        assertFalse(Measure.FAILURE.isQueried());
        assertTrue(CognitoActivity.FEDERATION.perIdentityProvider());
        assertFalse(CognitoActivity.SIGN_IN.perIdentityProvider());
        assertEquals(Optional.of(CognitoActivity.FEDERATION), Catalog.activityOf("FederationThrottles"));
        assertEquals(Optional.empty(), Catalog.activityOf("CallCount"));
        assertEquals(Optional.of(CognitoActivity.TOKEN_REFRESH), CognitoActivity.fromId("token_refresh"));
        assertEquals(Optional.empty(), CognitoActivity.fromId("SignIn"));
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
